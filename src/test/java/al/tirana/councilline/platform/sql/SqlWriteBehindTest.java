package al.tirana.councilline.platform.sql;

import al.tirana.councilline.platform.axon.JdbcTransactions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import al.tirana.councilline.support.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

@DisplayName("A projection's writes within a batch")
class SqlWriteBehindTest {

  private static PGSimpleDataSource dataSource;
  private JdbcTransactions transactions;
  private Sql sql;
  /** The statements that wrote the gathered numbers, in this test. */
  private final AtomicInteger gatheredWrites = new AtomicInteger();

  @BeforeAll
  static void database() throws Exception {
    dataSource = TestDatabase.freshDataSource();
    try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE item (number TEXT PRIMARY KEY, status TEXT)");
      st.execute("CREATE TABLE change (position BIGSERIAL PRIMARY KEY, number TEXT, status TEXT)");
      st.execute("CREATE TABLE stamp (number TEXT PRIMARY KEY, at TIMESTAMPTZ, n INTEGER)");
    }
  }

  @BeforeEach
  void empty() throws Exception {
    transactions = new JdbcTransactions(dataSource);
    sql = new Sql(transactions);
    try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
      st.execute("TRUNCATE item, change, stamp RESTART IDENTITY");
    }
  }

  /** As a tracking processor runs a batch: the transaction starts, then the unit of work runs the handlers. */
  private void inBatch(Runnable handlers) {
    UnitOfWork<?> batch = new DefaultUnitOfWork<>(null);
    batch.attachTransaction(transactions);
    batch.execute(handlers);
  }

  private void event(String number, String status) {
    sql.write(number, "INSERT INTO item (number, status) VALUES (?, ?) ON CONFLICT (number) DO UPDATE "
        + "SET status = EXCLUDED.status", number, status);
    sql.append("test", number, "INSERT INTO change (number, status) VALUES (?, ?)", number, status);
  }

  @Test
  @DisplayName("read a batch's rows with a plan made for the batch's keys, never a cached generic one")
  void keyReadsArePlannedEachTime() {
    List<String> prepared = new ArrayList<>();
    inBatch(() -> {
      event("A", "SUBMITTED");
      String[] keys = {"A", "B"};
      for (int i = 0; i < 8; i++) {
        assertThat(sql.rowsOf("SELECT number, status FROM item WHERE number = ANY(?)", keys)).hasSize(1);
        // the same kind of read through the ordinary path, which the driver prepares after five runs
        assertThat(sql.single("SELECT status FROM item WHERE number = ?", "A")).contains("SUBMITTED");
      }
      prepared.add(sql.single("SELECT string_agg(statement, ' | ') FROM pg_prepared_statements").orElse(""));
    });
    assertThat(prepared.get(0)).contains("WHERE number = $1").doesNotContain("ANY");
  }

  @Test
  @DisplayName("written as text columns through unnest, store the same instants as bound timestamps do")
  void textColumnsMatchBoundTimestamps() throws Exception {
    // sub-microsecond digits, half a microsecond and just below it: PostgreSQL keeps microseconds
    List<Instant> instants = List.of(Instant.parse("2026-11-23T14:59:20.915188600Z"),
        Instant.parse("2026-11-23T14:59:20.915188500Z"),
        Instant.parse("2026-11-23T14:59:20.915188499Z"),
        Instant.parse("2026-11-23T23:59:59.999999700Z"));
    inBatch(() -> {
      List<String[]> batch = new ArrayList<>();
      for (int i = 0; i < instants.size(); i++) {
        sql.write("bound" + i, "INSERT INTO stamp (number, at, n) VALUES (?, ?, ?)", "bound" + i, instants.get(i), i);
        batch.add(new String[] {"text" + i, TextColumns.text(instants.get(i)), TextColumns.text(i)});
      }
      sql.update(TextColumns.upsert("stamp", "number", "at::timestamptz", "n::integer"), TextColumns.of(batch));
    });
    assertThat(rows("SELECT count(DISTINCT b.number) FROM stamp b JOIN stamp t ON t.number = 'text' || b.n "
        + "AND t.at = b.at AND b.number LIKE 'bound%'")).containsExactly(String.valueOf(instants.size()));
    assertThat(rows("SELECT " + TextColumns.iso("at") + " FROM stamp WHERE number = 'text0'"))
        .containsExactly("2026-11-23T14:59:20.915189Z");
  }

  @Test
  @DisplayName("are held back until the batch commits, then numbered in the order they were made")
  void heldBackThenInOrder() throws Exception {
    List<Long> seenDuringBatch = new ArrayList<>();
    inBatch(() -> {
      event("A", "SUBMITTED");
      event("B", "SUBMITTED");
      event("A", "ASSIGNED");
      seenDuringBatch.add(countInBatch("SELECT count(*) FROM change"));
    });
    assertThat(seenDuringBatch).as("nothing sent before the batch commits").containsExactly(0L);
    assertThat(rows("SELECT number || ':' || status FROM change ORDER BY position"))
        .containsExactly("A:SUBMITTED", "B:SUBMITTED", "A:ASSIGNED");
    assertThat(rows("SELECT number || ':' || status FROM item ORDER BY number")).containsExactly("A:ASSIGNED",
        "B:SUBMITTED");
  }

  @Test
  @DisplayName("are visible to the projection's own reads in the same batch")
  void readsSeeHeldBackWrites() {
    List<String> read = new ArrayList<>();
    inBatch(() -> {
      event("A", "SUBMITTED");
      read.add(sql.single("SELECT status FROM item WHERE number = ?", "A").orElse("none"));
      event("A", "RESOLVED");
      read.add(sql.single("SELECT string_agg(status, ',' ORDER BY position) FROM change").orElse("none"));
    });
    assertThat(read).containsExactly("SUBMITTED", "SUBMITTED,RESOLVED");
  }

  @Test
  @DisplayName("fail their batch when one of them fails, leaving nothing behind")
  void aFailingWriteRollsBackTheBatch() throws Exception {
    assertThatThrownBy(() -> inBatch(() -> {
      event("A", "SUBMITTED");
      sql.write("B", "INSERT INTO no_such_table VALUES (?)", "B");
    })).hasMessageContaining("no_such_table");
    assertThat(count("SELECT count(*) FROM item") + count("SELECT count(*) FROM change")).isZero();
  }

  @Test
  @DisplayName("gathered over the batch are written once, after the held-back writes, and dropped on a rollback")
  void gatheredStateIsWrittenOnce() {
    inBatch(() -> {
      sql.write("A", "INSERT INTO item (number, status) VALUES (?, 'HELD BACK')", "A");
      for (String number : List.of("A", "B", "C")) {
        gatheredNumbers().add(number);
      }
    });
    assertThat(gatheredWrites).hasValue(1);
    assertThat(rows("SELECT number || ':' || status FROM item ORDER BY number"))
        .containsExactly("A:GATHERED", "B:GATHERED", "C:GATHERED");

    assertThatThrownBy(() -> inBatch(() -> {
      gatheredNumbers().add("D");
      throw new IllegalStateException("handler failed");
    })).hasMessage("handler failed");
    assertThat(gatheredWrites).hasValue(1);
    assertThat(count("SELECT count(*) FROM item WHERE number = 'D'")).isZero();
  }

  @Test
  @DisplayName("made while the commit is prepared, after earlier ones were sent, are sent too (a command's events)")
  void writesMadeWhileTheCommitIsPreparedAreSent() {
    inBatch(() -> {
      // a command holds back a write of its own, then its events reach the subscribing projections at prepare-commit
      sql.write("key", "INSERT INTO item (number, status) VALUES (?, 'HELD BACK')", "key");
      CurrentUnitOfWork.get().onPrepareCommit(u -> {
        sql.write("A", "INSERT INTO item (number, status) VALUES (?, 'PUBLISHED')", "A");
        gatheredNumbers().add("B");
        sql.append("test", "A", "INSERT INTO change (number, status) VALUES (?, ?)", "A", "PUBLISHED");
      });
    });
    assertThat(rows("SELECT number || ':' || status FROM item ORDER BY number"))
        .containsExactly("A:PUBLISHED", "B:GATHERED", "key:HELD BACK");
    assertThat(count("SELECT count(*) FROM change")).isEqualTo(1);
    assertThat(gatheredWrites).hasValue(1);
  }

  /** The batch's gathered numbers, which one statement writes when the batch commits. */
  private List<String> gatheredNumbers() {
    return sql.gathered("numbers", ArrayList<String>::new, this::gather);
  }

  private void gather(List<String> numbers) {
    gatheredWrites.incrementAndGet();
    sql.update("INSERT INTO item (number, status) SELECT unnest(?::text[]), 'GATHERED' ON CONFLICT (number) "
        + "DO UPDATE SET status = EXCLUDED.status", (Object) numbers.toArray(String[]::new));
  }

  /** Straight on the batch's own connection, past {@link Sql}, so nothing held back is sent first. */
  private long countInBatch(String query) {
    try (Statement st = transactions.getConnection().createStatement(); ResultSet rs = st.executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException ex) {
      throw new IllegalStateException(query, ex);
    }
  }

  private static long count(String query) {
    return Long.parseLong(rows(query).get(0));
  }

  /** Read on a connection of its own, so it sees only what has been committed. */
  private static List<String> rows(String query) {
    List<String> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(dataSource.getUrl(), dataSource.getUser(),
        dataSource.getPassword()); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
      while (rs.next()) {
        rows.add(rs.getString(1));
      }
    } catch (SQLException ex) {
      throw new IllegalStateException(query, ex);
    }
    return rows;
  }
}
