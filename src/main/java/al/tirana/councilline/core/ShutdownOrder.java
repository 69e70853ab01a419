package al.tirana.councilline.core;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The JVM runs all its shutdown hooks at once. A node's own hook stops the application, which closes the embedded
 * database after everything that uses it; the database's fallback hook, there for a JVM that ends without stopping
 * the application in order (a failed benchmark, a test run), first waits for the node's hook so that it never
 * stops the database under a command or a processor that is still finishing.
 */
public final class ShutdownOrder {

  private static final AtomicReference<Thread> APPLICATION = new AtomicReference<>();

  private ShutdownOrder() {
  }

  /** Registers the hook that stops the application in order; the database's hook waits for it. */
  public static void onShutdown(Runnable stopApplication) {
    Thread hook = new Thread(stopApplication, "shutdown");
    APPLICATION.set(hook);
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Waits, at most {@code limit}, for the application's hook if one was registered. */
  static void awaitApplication(Duration limit) throws InterruptedException {
    Thread hook = APPLICATION.get();
    if (hook != null && hook != Thread.currentThread()) {
      hook.join(limit.toMillis());
    }
  }
}
