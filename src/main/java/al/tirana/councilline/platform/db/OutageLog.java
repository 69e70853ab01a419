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
  /** The outage under way, or null while the task works: one volatile read decides a successful round's cost. */
  private volatile Outage outage;

  /** Since when the task fails, how often it has failed since, and when that was last logged (nano times). */
  private record Outage(long since, long failures, long loggedAt) {
  }

  public OutageLog(Logger log, String task) {
    this.log = log;
    this.task = task;
  }

  public synchronized void failed(Throwable error) {
    long now = System.nanoTime();
    Outage current = outage;
    if (current == null) {
      outage = new Outage(now, 1, now);
      log.warn("{} failed, retrying: {}", task, error.toString());
    } else if (now - current.loggedAt() >= REPEAT_NANOS) {
      outage = new Outage(current.since(), current.failures() + 1, now);
      log.warn("{} still failing ({} attempts in {} s): {}", task, outage.failures(),
          (now - current.since()) / 1_000_000_000L, error.toString());
    } else {
      outage = new Outage(current.since(), current.failures() + 1, current.loggedAt());
    }
  }

  /** Cheap when nothing failed: called after every successful round. */
  public void succeeded() {
    if (outage != null) {
      recovered();
    }
  }

  private synchronized void recovered() {
    Outage ended = outage;
    if (ended != null) {
      log.info("{} works again after {} failed attempts in {} s", task, ended.failures(),
          (System.nanoTime() - ended.since()) / 1_000_000_000L);
      outage = null;
    }
  }
}
