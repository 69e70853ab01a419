package al.tirana.councilline.bench;

import al.tirana.councilline.app.Application;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * P4: the event log is grown to at least a million events by copying the request events the run produced
 * (real types, real payloads, real lifecycles) under new tracking numbers, then each streaming projection is
 * reset and replayed alone, timed until it reaches the head or the time bound.
 */
final class Rebuild {

  private static final String COPY = "INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, "
      + "sequence_number, type, time_stamp, payload_type, payload_revision, payload, meta_data) "
      + "SELECT gen_random_uuid()::text, copy.number, e.sequence_number, e.type, e.time_stamp, e.payload_type, "
      + "e.payload_revision, convert_to(replace(convert_from(e.payload, 'UTF8'), e.aggregate_identifier, "
      + "copy.number), 'UTF8'), e.meta_data "
      + "FROM domain_event_entry e "
      + "CROSS JOIN LATERAL (SELECT k, 'B' || k || substr(e.aggregate_identifier, strpos(e.aggregate_identifier, "
      + "'-'))  AS number FROM generate_series(?, ?) k) copy "
      + "WHERE e.type = 'CitizenRequest' AND e.aggregate_identifier LIKE ? "
      + "ORDER BY copy.k, e.global_index";

  private Rebuild() {
  }

  /** How fast one projection replayed the log. */
  record Rate(String projection, long events, double seconds, boolean reachedHead) {
    double perSecond() {
      return events / seconds;
    }
  }

  /** Copies the requests numbered with {@code prefix} until the log holds at least {@code target} events. */
  static long growLog(DataSource dataSource, String prefix, long target) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(true);
      long template = count(c, "SELECT count(*) FROM domain_event_entry WHERE type = 'CitizenRequest' "
          + "AND aggregate_identifier LIKE ?", prefix + "-%");
      if (template == 0) {
        throw new IllegalStateException("No request events to copy");
      }
      long copies = (target - count(c, "SELECT count(*) FROM domain_event_entry") + template - 1) / template;
      for (long from = 1; from <= copies; from += 20) {
        try (PreparedStatement copy = c.prepareStatement(COPY)) {
          copy.setLong(1, from);
          copy.setLong(2, Math.min(copies, from + 19));
          copy.setString(3, prefix + "-%");
          copy.executeUpdate();
        }
      }
      // A log this size has long been vacuumed in production. Freshly copied rows would instead make the first
      // replays set every row's hint bits and compete with autovacuum, on a machine with two cores.
      try (Statement vacuum = c.createStatement()) {
        vacuum.execute("VACUUM (ANALYZE) domain_event_entry");
      }
      return count(c, "SELECT count(*) FROM domain_event_entry");
    }
  }

  /** Resets one projection and times its replay; the other projections are stopped so it runs alone. */
  static Rate replay(Application app, String projection, long head, Duration bound) throws InterruptedException {
    long started = System.nanoTime();
    app.projections().start(projection).await();
    long deadline = started + bound.toNanos();
    while (!app.projections().caughtUp(projection, head) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    long position = Math.max(0, app.projections().position(projection));
    app.projections().stop(projection);
    return new Rate(projection, Math.min(head, position), seconds, position >= head);
  }

  private static long count(Connection c, String sql, String... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setString(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
