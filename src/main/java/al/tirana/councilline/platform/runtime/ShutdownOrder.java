package al.tirana.councilline.platform.runtime;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The JVM runs all its shutdown hooks at once. A node's own hook stops the application, which closes the embedded
 * database after everything that uses it; the database's fallback hook, there for a JVM that ends without stopping
 * the application in order (a failed benchmark, a test run), first waits for the node's hook so that it never
 * stops the database under a command or a processor that is still finishing.
 */
public final class ShutdownOrder {

  /** Counted down when the application's hook has run; a latch because the JVM may start that hook last. */
  private static final AtomicReference<CountDownLatch> APPLICATION_STOPPED = new AtomicReference<>();

  private ShutdownOrder() {
  }

  /** Registers the hook that stops the application in order; the database's hook waits for it. */
  public static void onShutdown(Runnable stopApplication) {
    CountDownLatch stopped = new CountDownLatch(1);
    APPLICATION_STOPPED.set(stopped);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        stopApplication.run();
      } finally {
        stopped.countDown();
      }
    }, "shutdown"));
  }

  /**
   * Waits, at most {@code limit}, for the application's hook to have run, if one was registered; false when it is
   * still running after that.
   */
  public static boolean awaitApplication(Duration limit) throws InterruptedException {
    CountDownLatch stopped = APPLICATION_STOPPED.get();
    return stopped == null || stopped.await(limit.toMillis(), TimeUnit.MILLISECONDS);
  }
}
