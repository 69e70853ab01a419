package al.tirana.councilline.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The server's statement log, read back")
class StatementLogTest {

  private static final String START = "councilline-bench: recording 1 started";
  private static final String END = "councilline-bench: recording 1 ended";

  @Test
  @DisplayName("reads CSV records whose quoted fields hold commas, line breaks and doubled quotes")
  void readsQuotedMultiLineFields() throws Exception {
    StatementLog.CsvReader reader = new StatementLog.CsvReader(new StringReader(
        "a,\"b, c\",\"line one\nline \"\"two\"\"\",\r\nnext,,\"\"\n"));

    assertThat(reader.next()).containsExactly("a", "b, c", "line one\nline \"two\"", "");
    assertThat(reader.next()).containsExactly("next", "", "");
    assertThat(reader.next()).isNull();
  }

  @Test
  @DisplayName("takes the parameters from an entry's detail, quotes undoubled and NULL as null")
  void readsParameters() {
    assertThat(StatementLog.parameters("Parameters: $1 = 'it''s, $2 = x', $2 = NULL, $3 = '{a,b}'"))
        .containsExactly("it's, $2 = x", null, "{a,b}");
    assertThat(StatementLog.parameters("")).isEmpty();
    assertThat(StatementLog.statement("execute S_3: INSERT INTO t VALUES ($1)", "Parameters: $1 = '7'"))
        .contains(new StatementLog.Statement("INSERT INTO t VALUES ($1)", List.of("7")));
    assertThat(StatementLog.statement("execute <unnamed>: BEGIN", "")).hasValueSatisfying(s ->
        assertThat(s.sql()).isEqualTo("BEGIN"));
    assertThat(StatementLog.statement("statement: DELETE FROM t WHERE id = 1", "")).hasValueSatisfying(s ->
        assertThat(s.parameters()).isEmpty());
    assertThat(StatementLog.statement("checkpoint complete: wrote 3 buffers", "")).isEmpty();
  }

  @Test
  @DisplayName("counts as writes inserts, updates, deletes, WITHs that write and SELECTs that lock rows, nothing else")
  void tellsWritesFromTheRest() {
    assertThat(StatementLog.kind("  insert into t values (1)")).isEqualTo(StatementLog.Kind.WRITE);
    assertThat(StatementLog.kind("/* claim */ UPDATE token_entry SET owner = $1")).isEqualTo(StatementLog.Kind.WRITE);
    assertThat(StatementLog.kind("WITH k AS (DELETE FROM q RETURNING *) SELECT count(*) FROM k"))
        .isEqualTo(StatementLog.Kind.WRITE);
    assertThat(StatementLog.kind("WITH k AS (SELECT 1) SELECT * FROM k")).isEqualTo(StatementLog.Kind.OTHER);
    assertThat(StatementLog.kind("SELECT * FROM token_entry WHERE a = $1 FOR UPDATE"))
        .isEqualTo(StatementLog.Kind.WRITE);
    assertThat(StatementLog.kind("SELECT * FROM mail_outbox FOR NO KEY UPDATE SKIP LOCKED"))
        .isEqualTo(StatementLog.Kind.WRITE);
    assertThat(StatementLog.kind("SELECT nextval('s')")).isEqualTo(StatementLog.Kind.OTHER);
    assertThat(StatementLog.kind("BEGIN")).isEqualTo(StatementLog.Kind.BEGIN);
    assertThat(StatementLog.kind("COMMIT")).isEqualTo(StatementLog.Kind.COMMIT);
    assertThat(StatementLog.kind("ROLLBACK")).isEqualTo(StatementLog.Kind.ROLLBACK);
    assertThat(StatementLog.kind("ROLLBACK TO SAVEPOINT a")).isEqualTo(StatementLog.Kind.OTHER);
    assertThat(StatementLog.kind("SET application_name = 'x'")).isEqualTo(StatementLog.Kind.OTHER);
    assertThat(new StatementLog.Statement("WITH k AS (SELECT 1) INSERT INTO feed_item SELECT * FROM k", List.of())
        .table()).isEqualTo("feed_item");
    assertThat(new StatementLog.Statement("SELECT * FROM token_entry FOR UPDATE", List.of()).table())
        .isEqualTo("token_entry");
    assertThat(new StatementLog.Statement("UPDATE \"token_entry\" SET \"owner\" = $1", List.of()).table())
        .isEqualTo("token_entry");
  }

  @Test
  @DisplayName("groups each session's writes into its transactions, in the session's order, leaving out reads, "
      + "transactions the server refused, and whatever is outside the markers")
  void groupsWritesIntoTransactions() throws Exception {
    String log = String.join("",
        entry("a", 0, "3/0", "LOG", "statement: INSERT INTO t (v) VALUES ('before')", ""),
        entry("", 1, "", "LOG", START, ""),
        // session b's entries come first in the file, its lines out of order; a's are interleaved with them
        entry("b", 2, "4/2", "LOG", "execute S_1: INSERT INTO t (v) VALUES ($1)", "parameters: $1 = 'two'"),
        entry("a", 1, "3/1", "LOG", "execute <unnamed>: BEGIN", ""),
        entry("b", 1, "4/1", "LOG", "execute S_1: INSERT INTO t (v) VALUES ($1)", "parameters: $1 = 'one'"),
        entry("a", 2, "3/1", "LOG", "execute S_2: SELECT v FROM t WHERE id = $1", "parameters: $1 = '1'"),
        entry("a", 3, "3/1", "LOG", "execute S_3: INSERT INTO t (v) VALUES ($1)",
            "parameters: $1 = 'multi\nline, \"quoted\"'"),
        entry("a", 4, "3/1", "LOG", "execute S_4: UPDATE u SET n = n + 1 WHERE id = $1", "parameters: $1 = NULL"),
        entry("a", 5, "3/1", "LOG", "execute <unnamed>: COMMIT", ""),
        entry("a", 6, "3/2", "LOG", "statement: BEGIN", ""),
        entry("a", 7, "3/2", "LOG", "statement: INSERT INTO t (v) VALUES ('dup')", ""),
        entry("a", 8, "3/2", "ERROR", "duplicate key value violates unique constraint \"t_v_key\"", ""),
        entry("a", 9, "3/2", "LOG", "statement: ROLLBACK", ""),
        entry("a", 10, "3/3", "LOG", "statement: SELECT 1", ""),
        entry("c", 1, "5/1", "LOG", "statement: BEGIN", ""),
        entry("c", 2, "5/1", "LOG", "statement: DELETE FROM t", ""),
        entry("c", 3, "5/1", "LOG", "statement: ROLLBACK", ""),
        entry("", 1, "", "LOG", END, ""),
        entry("a", 11, "3/4", "LOG", "statement: INSERT INTO t (v) VALUES ('after')", ""));

    StatementLog.Sessions sessions = StatementLog.read(new StringReader(log), START, END);

    assertThat(sessions.bySession()).containsOnlyKeys("b", "a", "c");
    List<StatementLog.Transaction> b = sessions.bySession().get("b");
    assertThat(b).extracting(t -> t.writes().get(0).parameters().get(0)).containsExactly("one", "two");
    assertThat(b).allSatisfy(t -> assertThat(t.explicit()).isFalse());
    List<StatementLog.Transaction> a = sessions.bySession().get("a");
    assertThat(a).hasSize(1);
    assertThat(a.get(0).explicit()).isTrue();
    assertThat(a.get(0).rolledBack()).isFalse();
    assertThat(a.get(0).writes()).containsExactly(
        new StatementLog.Statement("INSERT INTO t (v) VALUES ($1)", List.of("multi\nline, \"quoted\"")),
        new StatementLog.Statement("UPDATE u SET n = n + 1 WHERE id = $1", Arrays.asList((String) null)));
    assertThat(sessions.bySession().get("c").get(0).rolledBack()).isTrue();
    assertThat(sessions.failedInTheApp()).isEqualTo(1);
    assertThat(sessions.statements()).isEqualTo(5);
    assertThat(sessions.transactions()).isEqualTo(4);
  }

  @Test
  @DisplayName("refuses a log that does not reach the end marker, as the window would be cut short")
  void refusesALogWithoutItsEnd() {
    String log = entry("", 1, "", "LOG", START, "")
        + entry("a", 1, "3/1", "LOG", "statement: INSERT INTO t VALUES (1)", "");

    assertThatThrownBy(() -> StatementLog.read(new StringReader(log), START, END))
        .isInstanceOf(IllegalStateException.class);
  }

  /** A csvlog line of PostgreSQL 17 (26 columns), with the fields the reader uses. */
  private static String entry(String session, int line, String vxid, String severity, String message,
                              String detail) {
    String[] fields = new String[26];
    Arrays.fill(fields, "");
    fields[0] = "2026-12-05 02:34:25.408 UTC";
    fields[3] = "6002";
    fields[5] = session;
    fields[6] = String.valueOf(line);
    fields[9] = vxid;
    fields[11] = severity;
    fields[13] = message;
    fields[14] = detail;
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < fields.length; i++) {
      out.append(i == 0 ? "" : ",").append('"').append(fields[i].replace("\"", "\"\"")).append('"');
    }
    return out.append('\n').toString();
  }
}
