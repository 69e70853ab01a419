package al.tirana.councilline.support;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/** Waits for asynchronous effects (projections, timers, mails) without fixed sleeps. */
public final class Eventually {

  private Eventually() {
  }

  /** Polls the condition until it holds, failing the test after 20 seconds. */
  public static void eventually(Callable<Boolean> condition) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (Instant.now().isBefore(deadline)) {
      if (condition.call()) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("condition not met within 20 s");
  }
}
