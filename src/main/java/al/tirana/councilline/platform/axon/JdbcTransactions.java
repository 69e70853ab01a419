package al.tirana.councilline.platform.axon;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.ConnectionWrapperFactory;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.jdbc.JdbcException;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Plain-JDBC transactions for Axon without Spring.
 * <ul>
 *   <li>An event processor's batch runs in a transaction bound to its thread: the projection's writes and its
 *   tracking token (JdbcTokenStore) use the same connection and commit together, so every event affects a read
 *   model exactly once, even across crashes.</li>
 *   <li>A command has no such transaction: its unit of work owns one connection, shared by the event append, the
 *   key-store insert and the in-transaction projections, and commits it when the unit of work commits.</li>
 *   <li>Anything else runs in autocommit mode, so no statement is silently rolled back by the pool.</li>
 * </ul>
 */
public final class JdbcTransactions implements TransactionManager, ConnectionProvider {

  private static final Transaction JOINED = new Transaction() {
    @Override
    public void commit() {
      // the outer transaction commits
    }

    @Override
    public void rollback() {
      // the outer transaction rolls back
    }
  };

  private final DataSource dataSource;
  private final ConnectionProvider unitOfWorkConnections;
  private final ThreadLocal<Connection> bound = new ThreadLocal<>();

  public JdbcTransactions(DataSource dataSource) {
    this.dataSource = dataSource;
    this.unitOfWorkConnections =
        new UnitOfWorkAwareConnectionProviderWrapper(new DataSourceConnectionProvider(dataSource));
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection connection = bound.get();
    if (connection != null) {
      // callers close what they get; the transaction decides when the connection really ends
      return ConnectionWrapperFactory.wrap(connection, new ConnectionWrapperFactory.NoOpCloseHandler());
    }
    if (unitOfWorkOwnsConnection()) {
      return unitOfWorkConnections.getConnection();
    }
    // Outside any transaction (e.g. a processor releasing its claim on shutdown) each statement stands alone.
    Connection standalone = dataSource.getConnection();
    standalone.setAutoCommit(true);
    return standalone;
  }

  /** Whether {@link #getConnection} hands out a transaction's connection rather than an autocommit one. */
  boolean inTransaction() {
    return bound.get() != null || unitOfWorkOwnsConnection();
  }

  @Override
  public Transaction startTransaction() {
    if (inTransaction()) {
      return JOINED;
    }
    Connection connection;
    try {
      connection = dataSource.getConnection();
      connection.setAutoCommit(false);
    } catch (SQLException ex) {
      throw new JdbcException("Could not start a transaction", ex);
    }
    bound.set(connection);
    return new Transaction() {
      @Override
      public void commit() {
        end(connection, Connection::commit, "Could not commit");
      }

      @Override
      public void rollback() {
        end(connection, Connection::rollback, "Could not roll back");
      }
    };
  }

  /** What ends a transaction on its connection: a commit or a rollback. */
  private interface Ending {
    void on(Connection connection) throws SQLException;
  }

  /** Commits or rolls back, and releases the connection whether that worked or not. */
  private void end(Connection connection, Ending ending, String failure) {
    try {
      ending.on(connection);
    } catch (SQLException ex) {
      throw new JdbcException(failure, ex);
    } finally {
      release(connection);
    }
  }

  /**
   * Inside a command's unit of work (e.g. the event store reading an aggregate) the unit of work's connection is
   * the transaction; taking a second pooled connection there could starve the pool.
   */
  private static boolean unitOfWorkOwnsConnection() {
    return CurrentUnitOfWork.isStarted()
        && !CurrentUnitOfWork.get().phase().isAfter(UnitOfWork.Phase.PREPARE_COMMIT);
  }

  private void release(Connection connection) {
    bound.remove();
    try {
      connection.close();
    } catch (SQLException ex) {
      throw new JdbcException("Could not return a connection to the pool", ex);
    }
  }
}
