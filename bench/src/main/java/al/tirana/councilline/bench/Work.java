package al.tirana.councilline.bench;

import al.tirana.councilline.platform.db.Database;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a stretch of the run cost the machine and the database, so P1 can say why its ratio is what it is: CPU from
 * /proc/stat and this JVM's own time, write transactions from the next transaction id, WAL from the insert position
 * (all three exact at any moment), and rows written per table from PostgreSQL's cumulative statistics.
 */
final class Work {

  /**
   * A backend that flushed its statistics less than a second ago keeps the next ones pending until it has been idle
   * for PGSTAT_IDLE_INTERVAL (10 s in PostgreSQL 15 to 17); waiting a little longer lets every backend's land.
   */
  static final Duration STATISTICS_SETTLE = Duration.ofSeconds(11);

  private static final String DATABASE = "SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint, "
      + "pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '0/0')::bigint";
  private static final String TABLES = "SELECT schemaname || '.' || relname, n_tup_ins, n_tup_upd, n_tup_del "
      + "FROM pg_stat_user_tables";

  private Work() {
  }

  /** CPU in nanoseconds so far: every process on the machine (busy time), and this JVM. */
  record Cpu(long machine, long self) {

    static Cpu now() throws IOException {
      String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long busyTicks = 0;
      // user nice system idle iowait irq softirq: idle and iowait are not work, steal (8) is the hypervisor's, and
      // guest time is already counted in user
      for (int i = 1; i <= 7; i++) {
        busyTicks += i == 4 || i == 5 ? 0 : Long.parseLong(fields[i]);
      }
      // USER_HZ is 100 on every Linux this runs on
      return new Cpu(busyTicks * 10_000_000L, ((com.sun.management.OperatingSystemMXBean)
          ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime());
    }
  }

  /** The database's counters at one moment. */
  record Counters(long nextTransaction, long walBytes, Map<String, long[]> rowsByTable) {

    static Counters now(Database.Parsed jdbc) throws SQLException {
      try (Connection c = Baseline.connect(jdbc); Statement st = c.createStatement()) {
        c.setAutoCommit(true);
        long next;
        long wal;
        try (ResultSet rs = st.executeQuery(DATABASE)) {
          rs.next();
          next = rs.getLong(1);
          wal = rs.getLong(2);
        }
        Map<String, long[]> rows = new TreeMap<>();
        try (ResultSet rs = st.executeQuery(TABLES)) {
          while (rs.next()) {
            rows.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4)});
          }
        }
        return new Counters(next, wal, rows);
      }
    }

    /** After every backend's pending statistics have landed. */
    static Counters settled(Database.Parsed jdbc) throws SQLException, InterruptedException {
      Thread.sleep(STATISTICS_SETTLE.toMillis());
      return now(jdbc);
    }
  }

  /** The cost of {@code units} units of work between two readings of each kind, per unit. */
  record Cost(long units, double machineCpuMs, double selfCpuMs, double writeTransactions, double walBytes,
              Map<String, double[]> rowsByTable) {

    static Cost of(long units, Cpu cpuFrom, Cpu cpuTo, Counters from, Counters to) {
      if (units <= 0) {
        throw new IllegalArgumentException("no work was done: " + units + " units");
      }
      Map<String, double[]> rows = new TreeMap<>();
      to.rowsByTable().forEach((table, after) -> {
        long[] before = from.rowsByTable().getOrDefault(table, new long[3]);
        double[] perUnit = new double[3];
        for (int i = 0; i < 3; i++) {
          perUnit[i] = (after[i] - before[i]) / (double) units;
        }
        if (perUnit[0] + perUnit[1] + perUnit[2] > 0) {
          rows.put(table, perUnit);
        }
      });
      return new Cost(units, (cpuTo.machine() - cpuFrom.machine()) / 1e6 / units,
          (cpuTo.self() - cpuFrom.self()) / 1e6 / units,
          (to.nextTransaction() - from.nextTransaction()) / (double) units,
          (to.walBytes() - from.walBytes()) / (double) units, rows);
    }

    /** Rows inserted, updated and deleted, all tables together. */
    double rowsWritten() {
      return rowsByTable.values().stream().mapToDouble(r -> r[0] + r[1] + r[2]).sum();
    }
  }
}
