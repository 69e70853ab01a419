package al.tirana.councilline.platform.runtime;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Independent blocking start-up steps at once: a step started on a thread of its own early in the start-up, joined by
 * a later phase after that phase's own step. Slow CPU work that does not depend on the rest (a password hash, a key
 * pair) then overlaps instead of adding up. Once joined, both have finished, whether it returns or throws; a failure
 * is the failing step's own exception (the other step's failure, if any, suppressed in it). A start-up that fails
 * before the join closes the database under the step, which then fails too, unread: the start-up's own cause is the
 * one reported.
 */
public final class InParallel {

  /** A blocking step that returns nothing. */
  @FunctionalInterface
  public interface Step {
    void run() throws Exception;
  }

  private InParallel() {
  }

  /**
   * Starts {@code step} on a new thread named {@code name}, for a later phase of the start-up to
   * {@linkplain Pending#joinAfter join}: it then overlaps everything the start-up does meanwhile.
   */
  public static <T> Pending<T> start(String name, Callable<T> step) {
    FutureTask<T> task = new FutureTask<>(step);
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
    return new Pending<>(task);
  }

  /** A step running on its own thread. */
  public static final class Pending<T> {

    private final FutureTask<T> task;

    private Pending(FutureTask<T> task) {
      this.task = task;
    }

    /** Runs {@code here} on this thread, then waits for the step and returns its result (failures as above). */
    public T joinAfter(Step here) throws Exception {
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
