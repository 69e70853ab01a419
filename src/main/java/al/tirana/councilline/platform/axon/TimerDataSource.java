package al.tirana.councilline.platform.axon;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * db-scheduler's connections. A timer scheduled while a command (or a firing deadline) runs is inserted on that
 * unit of work's connection, so it commits or rolls back with the events that asked for it, and costs a statement
 * instead of a transaction of its own: two timers per submission had meant two more commits per submission.
 * db-scheduler leaves such a connection alone (it is not in autocommit mode, and db-scheduler commits only when told
 * to); closing it only hands it back to the unit of work. Everything else db-scheduler does (polling, picking,
 * completing, cancelling after a commit) runs on its own autocommit pool.
 */
public record TimerDataSource(JdbcTransactions transactions, DataSource pool) implements DataSource {

  @Override
  public Connection getConnection() throws SQLException {
    return transactions.inTransaction() ? transactions.getConnection() : pool.getConnection();
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("The scheduler uses the configured credentials");
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return pool.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    pool.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    pool.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return pool.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return pool.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    return pool.unwrap(type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) throws SQLException {
    return pool.isWrapperFor(type);
  }
}
