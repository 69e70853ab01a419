package al.tirana.councilline.support;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Bounded polling for asynchronous effects (projections, timers, mails, streams). A test waits for the positive
 * signal it expects and fails with the condition's description when it does not come, instead of sleeping a fixed
 * time and hoping the machine was fast enough.
 */
public final class Await {

  /** Generous, because the suite shares two cores with other builds; a passing condition returns at once. */
  public static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final long POLL_MILLIS = 20;

  private Await() {
  }

  /** Polls until the condition holds, failing the test after {@link #TIMEOUT}. */
  public static void until(String what, Callable<Boolean> condition) throws Exception {
    until(what, TIMEOUT, condition);
  }

  public static void until(String what, Duration timeout, Callable<Boolean> condition) throws Exception {
    value(what, timeout, () -> condition.call() ? Optional.of(Boolean.TRUE) : Optional.empty());
  }

  /** Polls until the supplier has a value and returns it, failing the test after {@link #TIMEOUT}. */
  public static <T> T value(String what, Callable<Optional<T>> supplier) throws Exception {
    return value(what, TIMEOUT, supplier);
  }

  public static <T> T value(String what, Duration timeout, Callable<Optional<T>> supplier) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      Optional<T> value = supplier.call();
      if (value.isPresent()) {
        return value.get();
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what);
      }
      Thread.sleep(POLL_MILLIS);
    }
  }
}
