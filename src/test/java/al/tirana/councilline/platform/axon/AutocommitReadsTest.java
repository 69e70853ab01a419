package al.tirana.councilline.platform.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import al.tirana.councilline.support.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.axonframework.common.transaction.Transaction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The event store's reads and writes")
class AutocommitReadsTest {

  private JdbcTransactions transactions;
  private AutocommitReads store;

  @BeforeEach
  void freshDatabase() throws Exception {
    transactions = new JdbcTransactions(TestDatabase.freshDataSource());
    store = new AutocommitReads(transactions);
    execute("CREATE TABLE entry (n INTEGER)");
  }

  /** What a read of the storage engine does: takes a connection from the provider, queries, closes it. */
  private boolean readsInAutocommit() {
    try (Connection c = transactions.getConnection()) {
      return c.getAutoCommit();
    } catch (SQLException ex) {
      throw new IllegalStateException(ex);
    }
  }

  private long entries() {
    try (Connection c = transactions.getConnection(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT count(*) FROM entry")) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException ex) {
      throw new IllegalStateException(ex);
    }
  }

  private void insert() {
    execute("INSERT INTO entry VALUES (1)");
  }

  /** On the connection the storage engine would get here: the transaction's, or an autocommit one of its own. */
  private void execute(String statement) {
    try (Connection c = transactions.getConnection(); Statement st = c.createStatement()) {
      st.execute(statement);
    } catch (SQLException ex) {
      throw new IllegalStateException(ex);
    }
  }

  @Test
  @DisplayName("read outside any transaction in autocommit, with no transaction to commit, where JdbcTransactions "
      + "would open one")
  void readsStandAlone() {
    assertThat(transactions.fetchInTransaction(this::readsInAutocommit)).as("JdbcTransactions alone").isFalse();
    assertThat(store.fetchInTransaction(this::readsInAutocommit)).isTrue();
  }

  @Test
  @DisplayName("read inside a transaction join it and see its writes before they commit")
  void readsJoinTransactions() {
    Transaction transaction = transactions.startTransaction();
    try {
      insert();
      assertThat(store.fetchInTransaction(this::readsInAutocommit)).isFalse();
      assertThat(store.fetchInTransaction(this::entries)).isEqualTo(1);
    } finally {
      transaction.rollback();
    }
    assertThat(entries()).isZero();
  }

  @Test
  @DisplayName("write in a transaction of their own: a failed append stores nothing")
  void writesStayTransactional() {
    assertThatThrownBy(() -> store.executeInTransaction(() -> {
      insert();
      insert();
      throw new IllegalStateException("the append failed");
    })).hasMessage("the append failed");
    assertThat(entries()).isZero();
    store.executeInTransaction(this::insert);
    assertThat(entries()).isEqualTo(1);
  }
}
