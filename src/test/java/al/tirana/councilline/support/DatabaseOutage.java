package al.tirana.councilline.support;

import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A node's database gone away, until closed: it refuses new connections and the open ones (the node's pool) are
 * cut, the way a database restart or a network partition looks to the node. Closing lets connections in again; the
 * node is left to find its way back by itself.
 */
@FunctionalInterface
public interface DatabaseOutage extends AutoCloseable {

  @Override
  void close() throws SQLException;

  /** Cuts the database of this node off, through the server's maintenance database. */
  static DatabaseOutage of(TestApp app) throws Exception {
    String url = app.databaseUrl();
    String database = URI.create(url.replaceFirst("^postgres://", "postgresql://")).getPath().substring(1);
    Connection server = TestApp.jdbc(url.substring(0, url.lastIndexOf('/')) + "/postgres");
    try (Statement st = server.createStatement()) {
      st.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS false");
      st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
    } catch (SQLException ex) {
      server.close();
      throw ex;
    }
    return () -> {
      try (Connection c = server; Statement st = c.createStatement()) {
        st.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
      }
    };
  }
}
