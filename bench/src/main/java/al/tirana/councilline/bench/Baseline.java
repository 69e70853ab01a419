package al.tirana.councilline.bench;

import al.tirana.councilline.platform.db.Database;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The database's own speed, the yardstick of P1: autocommit single-row INSERTs from {@code clients} JDBC
 * connections into a plain table, which is what pgbench's insert-only script does. Each insert is one commit, so
 * this is the commit rate the same PostgreSQL, disk and fsync settings allow at that concurrency. It connects as the
 * node's own pools do (over the embedded server's Unix socket, as pgbench does by default), so the ratio compares
 * the work, not the transport.
 */
final class Baseline {

  private Baseline() {
  }

  /** A connection of its own, outside the application's pools, made as they make theirs. */
  static Connection connect(Database.Parsed jdbc) throws SQLException {
    return DriverManager.getConnection(jdbc.jdbcUrl(), jdbc.user(), jdbc.password());
  }

  static double insertsPerSecond(Database.Parsed jdbc, int clients, Duration run) throws Exception {
    try (Connection c = connect(jdbc); Statement st = c.createStatement()) {
      c.setAutoCommit(true);
      st.execute("CREATE TABLE IF NOT EXISTS bench_insert (id BIGSERIAL PRIMARY KEY, payload TEXT NOT NULL, "
          + "at TIMESTAMPTZ NOT NULL DEFAULT now())");
    }
    AtomicLong done = new AtomicLong();
    AtomicReference<Exception> failure = new AtomicReference<>();
    long end = System.nanoTime() + run.toNanos();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      Thread t = new Thread(() -> {
        try (Connection c = connect(jdbc);
             PreparedStatement ps = c.prepareStatement("INSERT INTO bench_insert (payload) VALUES (?)")) {
          c.setAutoCommit(true);
          while (System.nanoTime() < end) {
            ps.setString(1, "a citizen's request of about this size, " + System.nanoTime());
            ps.executeUpdate();
            done.incrementAndGet();
          }
        } catch (SQLException ex) {
          failure.compareAndSet(null, ex);
        }
      }, "baseline-" + i);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    return done.get() / (double) run.toSeconds();
  }
}
