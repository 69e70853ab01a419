package al.tirana.councilline.bench;

import al.tirana.councilline.platform.db.Database;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * P1's yardstick derived from what submissions really write: a window of submissions is recorded by the database
 * server itself ({@code log_statement = 'all'} into its csvlog, for that window only), and its writes are then
 * replayed raw through JDBC with the same grouping into transactions and the same number of sessions (Replay).
 * The rate of that replay, in submissions' worth of rows per second, is what the same PostgreSQL could do if the
 * application cost nothing but its writes.
 */
final class SameRows {

  /** How long submissions are sent while the server logs their statements. */
  static final Duration RECORDING = Duration.ofSeconds(Long.getLong("bench.recordSeconds", 5));
  /** How long a reload takes to reach every backend: each re-reads its settings before its next command. */
  private static final Duration RELOAD_REACHES_BACKENDS = Duration.ofMillis(500);
  private static final Duration LOG_FILE_WAIT = Duration.ofSeconds(30);

  private SameRows() {
  }

  /** The recorded window: it sends submissions (and waits for what follows them) and says how many were answered. */
  @FunctionalInterface
  interface Window {
    long submissions() throws Exception;
  }

  /**
   * What a recorded window wrote and what its replay wrote, each per table as PostgreSQL's statistics counted it
   * (inserted, updated, deleted; the window's in {@code public}, the replay's in {@code replay}).
   */
  record Measured(long submissions, StatementLog.Sessions sessions, Replay.Outcome replay,
                  Map<String, long[]> windowRows, Map<String, long[]> replayRows, List<String> copiedTables) {

    /** Submissions' worth of rows written per second by the replay. */
    double perSecond() {
      return submissions / (replay.elapsed().toNanos() / 1e9);
    }

    /** Replayed statements by table. */
    Map<String, Long> statementsByTable() {
      Map<String, Long> counts = new TreeMap<>();
      sessions.bySession().values().forEach(s -> s.forEach(t -> t.writes()
          .forEach(w -> counts.merge(w.table(), 1L, Long::sum))));
      return counts;
    }
  }

  /**
   * Records {@code window} and replays it. The server must be a local one this JVM can read the files of, with its
   * logging collector on (the embedded server's default), and the user a superuser (to change the log settings).
   */
  static Measured measure(Database.Parsed jdbc, Window window) throws Exception {
    requireRecordable(jdbc);
    List<String> copied = Replay.prepareSchema(jdbc);
    String recording = "councilline-bench: recording " + UUID.randomUUID();
    Path file;
    long offset;
    long submissions;
    Work.Counters before;
    Work.Counters windowEnd;
    try {
      setLogging(jdbc, "log_destination", "'csvlog'");
      file = csvLogFile(jdbc);
      offset = Files.size(file);
      setLogging(jdbc, "log_statement", "'all'");
      // the statistics are read while the statements are logged, and the markers taken at once, so that what the
      // idle node writes while they settle (token claims) is both counted and replayed
      before = Work.Counters.settled(jdbc);
      mark(jdbc, recording + " started");
      submissions = window.submissions();
      windowEnd = Work.Counters.settled(jdbc);
      mark(jdbc, recording + " ended");
    } finally {
      setLogging(jdbc, "log_statement", null);
      setLogging(jdbc, "log_destination", null);
    }
    StatementLog.Sessions sessions = read(file, offset, recording + " started", recording + " ended");
    Replay.Outcome outcome = Replay.run(jdbc, sessions);
    Work.Counters replayEnd = Work.Counters.settled(jdbc);
    Replay.dropSchema(jdbc);
    return new Measured(submissions, sessions, outcome, rows(before, windowEnd, "public."),
        rows(windowEnd, replayEnd, Replay.SCHEMA + "."), copied);
  }

  /** A line in the server's log whose message is {@code marker}. */
  private static void mark(Database.Parsed jdbc, String marker) throws SQLException {
    try (Connection c = Baseline.connect(jdbc); Statement st = c.createStatement()) {
      st.execute("DO $$BEGIN RAISE LOG '" + marker + "'; END$$");
    }
  }

  private static void requireRecordable(Database.Parsed jdbc) throws SQLException {
    try (Connection c = Baseline.connect(jdbc); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT rolsuper, current_setting('logging_collector') FROM pg_roles "
             + "WHERE rolname = current_user")) {
      rs.next();
      if (!rs.getBoolean(1) || !"on".equals(rs.getString(2))) {
        throw new IllegalStateException("Recording statements needs a superuser and the logging collector on "
            + "(the embedded server's defaults); here: superuser " + rs.getBoolean(1) + ", logging_collector "
            + rs.getString(2));
      }
    }
  }

  /** ALTER SYSTEM SET (or RESET, for null) and a reload, given time to reach every backend. */
  private static void setLogging(Database.Parsed jdbc, String setting, String value) throws Exception {
    try (Connection c = Baseline.connect(jdbc); Statement st = c.createStatement()) {
      c.setAutoCommit(true);
      st.execute(value == null ? "ALTER SYSTEM RESET " + setting : "ALTER SYSTEM SET " + setting + " = " + value);
      st.execute("SELECT pg_reload_conf()");
    }
    Thread.sleep(RELOAD_REACHES_BACKENDS.toMillis());
  }

  /** The csvlog file the server writes now, once the logging collector has opened it. */
  private static Path csvLogFile(Database.Parsed jdbc) throws Exception {
    long deadline = System.nanoTime() + LOG_FILE_WAIT.toNanos();
    try (Connection c = Baseline.connect(jdbc); Statement st = c.createStatement()) {
      while (true) {
        try (ResultSet rs = st.executeQuery("SELECT pg_current_logfile('csvlog'), "
            + "current_setting('data_directory')")) {
          rs.next();
          if (rs.getString(1) != null) {
            Path file = Path.of(rs.getString(2)).resolve(rs.getString(1));
            if (Files.exists(file)) {
              return file;
            }
          }
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("The server did not open a csvlog file within " + LOG_FILE_WAIT);
        }
        Thread.sleep(50);
      }
    }
  }

  /** The recorded transactions, between the markers the window started and ended with. */
  private static StatementLog.Sessions read(Path file, long offset, String startMarker, String endMarker)
      throws Exception {
    long deadline = System.nanoTime() + LOG_FILE_WAIT.toNanos();
    while (true) {
      try (InputStream in = Files.newInputStream(file)) {
        in.skipNBytes(offset);
        Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
        return StatementLog.read(reader, startMarker, endMarker);
      } catch (IllegalStateException notYet) {
        // the collector writes what backends sent it a moment later; the marker is the last of the window
        if (System.nanoTime() > deadline) {
          throw notYet;
        }
        Thread.sleep(100);
      } catch (IOException ex) {
        throw new IOException("Cannot read the server's log " + file, ex);
      }
    }
  }

  /** Rows written per table of one schema between two readings: inserted, updated, deleted. */
  static Map<String, long[]> rows(Work.Counters from, Work.Counters to, String schemaPrefix) {
    Map<String, long[]> rows = new TreeMap<>();
    to.rowsByTable().forEach((table, after) -> {
      if (!table.startsWith(schemaPrefix)) {
        return;
      }
      long[] before = from.rowsByTable().getOrDefault(table, new long[3]);
      long[] delta = {after[0] - before[0], after[1] - before[1], after[2] - before[2]};
      if (delta[0] + delta[1] + delta[2] != 0) {
        rows.put(table.substring(schemaPrefix.length()), delta);
      }
    });
    return rows;
  }
}
