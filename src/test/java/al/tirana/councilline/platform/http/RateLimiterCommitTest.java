package al.tirana.councilline.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.platform.db.SchemaMigrator;
import al.tirana.councilline.support.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

@DisplayName("The rate limiter's counting statement")
class RateLimiterCommitTest {

  @Test
  @DisplayName("commits without waiting for the disk, in its own transaction only, and still counts")
  void commitsAsynchronouslyInItsOwnTransactionOnly() throws Exception {
    PGSimpleDataSource dataSource = TestDatabase.freshDataSource();
    SchemaMigrator.migrate(dataSource);
    try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
      st.execute("SET synchronous_commit = on"); // as on a production server
      c.setAutoCommit(false);
      st.execute("PREPARE acquire(text, text, int, int) AS " + RateLimiter.ACQUIRE);
      try (ResultSet rs = st.executeQuery("EXECUTE acquire('submit:203.0.113.7', 'submit:*', 10, 100)")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getObject("mine_n")).as("counted for the key").isEqualTo(1);
        assertThat(rs.getObject("all_n")).as("counted overall").isEqualTo(1);
      }
      assertThat(setting(st)).as("within the counting transaction").isEqualTo("off");
      c.commit();
      assertThat(setting(st)).as("in the session's next transaction").isEqualTo("on");
      c.setAutoCommit(true);
      try (ResultSet rs = st.executeQuery("SELECT sum(n) FROM rate_limit_window")) {
        rs.next();
        assertThat(rs.getLong(1)).as("both counts committed").isEqualTo(2);
      }
    }
  }

  private static String setting(Statement st) throws SQLException {
    try (ResultSet rs = st.executeQuery("SHOW synchronous_commit")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
