package al.tirana.councilline.platform.axon;

import java.util.function.Supplier;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;

/**
 * The event store's transactions: its writes (appends, snapshots) as {@link JdbcTransactions} runs them, its reads
 * without a transaction of their own. Every read of Axon's JDBC storage engine is one statement or a few
 * independent ones (the next events and their gaps), and under READ COMMITTED PostgreSQL gives each statement its
 * own snapshot in a transaction or not, so a transaction around them only added a COMMIT round trip to every fetch
 * of the event stream: 1.8 % of node A's CPU under P1's load, in the store's reader thread alone. A read inside a
 * command's unit of work or a processor's batch joins that transaction, as before.
 */
public final class AutocommitReads implements TransactionManager {

  private final JdbcTransactions transactions;

  public AutocommitReads(JdbcTransactions transactions) {
    this.transactions = transactions;
  }

  @Override
  public Transaction startTransaction() {
    return transactions.startTransaction();
  }

  @Override
  public <T> T fetchInTransaction(Supplier<T> supplier) {
    if (transactions.inTransaction()) {
      return transactions.fetchInTransaction(supplier);
    }
    // each statement takes an autocommit connection of its own (JdbcTransactions.getConnection)
    return supplier.get();
  }
}
