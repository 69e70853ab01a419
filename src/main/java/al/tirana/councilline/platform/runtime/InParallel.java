package al.tirana.councilline.platform.runtime;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Two independent blocking start-up steps at once: one on a thread of its own, the other on the caller's. Slow CPU
 * work that does not depend on each other (a password hash, a key pair) then overlaps instead of adding up. Both
 * have finished when it returns or throws, so nothing keeps using the database after a failed start-up closed it;
 * a failure is the failing step's own exception (the other step's failure, if any, suppressed in it).
 */
public final class InParallel {

  /** A blocking step that returns nothing. */
  @FunctionalInterface
  public interface Step {
    void run() throws Exception;
  }

  private InParallel() {
  }

  /** Runs {@code other} on a new thread named {@code name} while {@code here} runs on this one; returns other's result. */
  public static <T> T alongside(String name, Callable<T> other, Step here) throws Exception {
    FutureTask<T> task = new FutureTask<>(other);
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
    Throwable failure = null;
    try {
      here.run();
    } catch (Exception | Error ex) {
      failure = ex;
    }
    T result = null;
    try {
      result = awaitUninterruptibly(task);
    } catch (ExecutionException ex) {
      if (failure == null) {
        failure = ex.getCause();
      } else {
        failure.addSuppressed(ex.getCause());
      }
    }
    if (failure instanceof Exception exception) {
      throw exception;
    }
    if (failure instanceof Error error) {
      throw error;
    }
    return result;
  }

  /** Waits for the task even when interrupted (it works on what the caller may close next), then keeps the flag. */
  private static <T> T awaitUninterruptibly(FutureTask<T> task) throws ExecutionException {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return task.get();
        } catch (InterruptedException ex) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
