package al.tirana.councilline.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/** The SLA timers (db-scheduler's {@code scheduled_tasks}), as positive signals for tests that involve time. */
public final class Timers {

  private Timers() {
  }

  /** When the last timer still scheduled is due, e.g. a breach that must pass while no node runs. */
  public static Instant lastDue(TestApp node) throws Exception {
    try (Connection c = node.jdbc(); PreparedStatement ps = c.prepareStatement(
        "SELECT max(execution_time) FROM scheduled_tasks"); ResultSet rs = ps.executeQuery()) {
      rs.next();
      Timestamp due = rs.getTimestamp(1);
      if (due == null) {
        throw new AssertionError("no timer is scheduled");
      }
      return due.toInstant();
    }
  }

  /** Waits until the wall clock has passed the instant (the scenario needs time to pass, not a guessed sleep). */
  public static void awaitPassed(Instant instant, String what) throws Exception {
    Await.until(what + " (" + instant + ") has passed", () -> Instant.now().isAfter(instant));
  }

  /**
   * Waits until every timer that was due when the wait began has fired and finished: db-scheduler deletes a
   * one-time task's row once it has run, so none left means none of them can still fire (again).
   */
  public static void dueHaveRun(TestApp node) throws Exception {
    Timestamp now = Timestamp.from(Instant.now());
    Await.until("every SLA timer due by " + now.toInstant() + " has run",
        () -> node.count("SELECT count(*) FROM scheduled_tasks WHERE execution_time <= ?", now) == 0);
  }

  /**
   * Waits until the wall clock reads a later millisecond than when called, and returns that reading: an instant
   * strictly after anything stamped to the millisecond before the call, and strictly before anything stamped after
   * the next tick.
   */
  public static Instant nextMillisecond() throws Exception {
    long now = Instant.now().toEpochMilli();
    return Await.value("the clock moves past " + Instant.ofEpochMilli(now),
        () -> Optional.of(Instant.now()).filter(reading -> reading.toEpochMilli() > now));
  }
}
