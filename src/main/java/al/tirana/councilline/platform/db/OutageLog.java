package al.tirana.councilline.platform.db;

import org.slf4j.Logger;

/**
 * Logs a background task that keeps failing while the database is away (a poll every second) without flooding the
 * log: the first failure, then a line a minute with the count, then one line when the task works again.
 */
public final class OutageLog {

  private static final long REPEAT_NANOS = 60_000_000_000L;

  private final Logger log;
  private final String task;
  private volatile boolean failing;
  private long failures;
  private long since;
  private long loggedAt;

  public OutageLog(Logger log, String task) {
    this.log = log;
    this.task = task;
  }

  public synchronized void failed(Throwable error) {
    long now = System.nanoTime();
    failures++;
    if (!failing) {
      failing = true;
      since = now;
      loggedAt = now;
      log.warn("{} failed, retrying: {}", task, error.toString());
    } else if (now - loggedAt >= REPEAT_NANOS) {
      loggedAt = now;
      log.warn("{} still failing ({} attempts in {} s): {}", task, failures, (now - since) / 1_000_000_000L,
          error.toString());
    }
  }

  /** Cheap when nothing failed: called after every successful round. */
  public void succeeded() {
    if (failing) {
      recovered();
    }
  }

  private synchronized void recovered() {
    if (failing) {
      log.info("{} works again after {} failed attempts in {} s", task, failures,
          (System.nanoTime() - since) / 1_000_000_000L);
      failing = false;
      failures = 0;
    }
  }
}
