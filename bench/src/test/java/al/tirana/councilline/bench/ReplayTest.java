package al.tirana.councilline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.platform.db.Database;
import al.tirana.councilline.support.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The replay of recorded writes")
class ReplayTest {

  @Test
  @DisplayName("turns $n into PgJDBC's placeholders in order, repeats included, leaving strings, quoted names, "
      + "dollar quotes and comments alone and doubling a literal question mark")
  void rewritesPlaceholders() {
    Replay.JdbcSql sql = Replay.jdbcSql("SELECT '$1 ?', \"a$2\", $$ $3 $$ /* $4 */ FROM t WHERE a = $2 "
        + "AND (b = $1 OR $1 IS NULL) AND j ? 'k' -- $5\n AND c = $10");

    assertThat(sql.sql()).isEqualTo("SELECT '$1 ?', \"a$2\", $$ $3 $$ /* $4 */ FROM t WHERE a = ? "
        + "AND (b = ? OR ? IS NULL) AND j ?? 'k' -- $5\n AND c = ?");
    assertThat(sql.placeholders()).containsExactly(2, 1, 1, 10);
  }

  @Test
  @DisplayName("substitutes the parameters as quoted literals, quotes doubled, NULL as NULL, casts kept")
  void substitutesLiterals() {
    assertThat(Replay.withLiterals("INSERT INTO t VALUES ($1, $2::text[], $3, '$1')",
        Arrays.asList("it's", "{a,b}", null)))
        .isEqualTo("INSERT INTO t VALUES ('it''s', '{a,b}'::text[], NULL, '$1')");
  }

  @Test
  @DisplayName("writes the recorded rows into the replay schema, a transaction at a time, rolled back where the "
      + "application rolled back, untyped parameters as literals")
  void replaysIntoTheReplaySchema() throws Exception {
    Database.Parsed jdbc = databaseWith("CREATE TABLE item (id BIGSERIAL PRIMARY KEY, name TEXT NOT NULL, "
        + "tags TEXT[], data BYTEA, at TIMESTAMPTZ)", "CREATE UNLOGGED TABLE counter (name TEXT PRIMARY KEY, n INT NOT NULL)",
        "INSERT INTO counter VALUES ('a', 0)", "UPDATE counter SET n = 1",
        // this backend's statistics land when it next goes idle: the query after the request is that moment
        "SELECT pg_stat_force_next_flush()", "SELECT 1");
    List<String> copied = Replay.prepareSchema(jdbc);
    assertThat(copied).as("only the tables the application updates get their rows").containsExactly("counter");
    try (Connection c = Baseline.connect(jdbc); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT relname, relpersistence FROM pg_class WHERE relnamespace = "
             + "'replay'::regnamespace AND relkind = 'r' ORDER BY 1")) {
      Map<String, String> persistence = new LinkedHashMap<>();
      while (rs.next()) {
        persistence.put(rs.getString(1), rs.getString(2));
      }
      assertThat(persistence).as("an unlogged table is replayed unlogged, the others logged")
          .containsExactly(Map.entry("counter", "u"), Map.entry("item", "p"));
    }

    StatementLog.Statement insert = new StatementLog.Statement(
        "INSERT INTO item (name, tags, data, at) VALUES ($1, $2::text[], $3, $4)",
        Arrays.asList("it's", "{a,b}", "\\x0102", "2026-12-05 02:00:00+00"));
    StatementLog.Statement bump = new StatementLog.Statement(
        // the server cannot type a parameter that is only tested for NULL: this one goes as a literal
        "UPDATE counter SET n = n + 1 WHERE name = 'a' AND $1 IS NULL", Arrays.asList((String) null));
    StatementLog.Statement discarded = new StatementLog.Statement("INSERT INTO item (name) VALUES ($1)",
        List.of("rolled back"));
    Map<String, List<StatementLog.Transaction>> sessions = new LinkedHashMap<>();
    sessions.put("s1", List.of(new StatementLog.Transaction("s1", List.of(insert, bump), true, false, 1, 3),
        new StatementLog.Transaction("s1", List.of(discarded), true, true, 4, 6)));
    sessions.put("s2", List.of(new StatementLog.Transaction("s2", List.of(insert), false, false, 2, 2)));

    Replay.Outcome outcome = Replay.run(jdbc, new StatementLog.Sessions(sessions, 0));

    assertThat(outcome.failed()).as(String.valueOf(outcome.firstFailures())).isZero();
    assertThat(outcome.statements()).isEqualTo(4);
    assertThat(outcome.transactions()).isEqualTo(3);
    try (Connection c = Baseline.connect(jdbc); Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery("SELECT name, tags[2], encode(data, 'hex') FROM replay.item")) {
        for (int i = 0; i < 2; i++) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).isEqualTo("it's");
          assertThat(rs.getString(2)).isEqualTo("b");
          assertThat(rs.getString(3)).isEqualTo("0102");
        }
        assertThat(rs.next()).as("the rolled back insert").isFalse();
      }
      try (ResultSet rs = st.executeQuery("SELECT n FROM replay.counter")) {
        rs.next();
        assertThat(rs.getInt(1)).as("copied at 1, updated once by the replay").isEqualTo(2);
      }
      try (ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM public.item), "
          + "(SELECT n FROM public.counter)")) {
        rs.next();
        assertThat(rs.getLong(1)).as("public is left alone").isZero();
        assertThat(rs.getInt(2)).isEqualTo(1);
      }
    }
  }

  @Test
  @DisplayName("counts and reports a statement the server refuses, and goes on with the next transaction")
  void reportsFailures() throws Exception {
    Database.Parsed jdbc = databaseWith("CREATE TABLE item (id INT PRIMARY KEY)");
    Replay.prepareSchema(jdbc);
    StatementLog.Statement one = new StatementLog.Statement("INSERT INTO item VALUES ($1)", List.of("1"));
    Map<String, List<StatementLog.Transaction>> sessions = Map.of("s", List.of(
        new StatementLog.Transaction("s", List.of(one, one), true, false, 1, 2),
        new StatementLog.Transaction("s", List.of(one), false, false, 3, 3)));

    Replay.Outcome outcome = Replay.run(jdbc, new StatementLog.Sessions(sessions, 0));

    assertThat(outcome.failed()).isEqualTo(1);
    assertThat(outcome.firstFailures()).singleElement().asString().startsWith("23505");
    assertThat(outcome.transactions()).as("the second, alone, went through").isEqualTo(1);
  }

  @Test
  @DisplayName("holds back an update of rows another session inserts until the transactions that ended before it "
      + "began in the log have been replayed")
  void keepsTheOrderBetweenSessions() throws Exception {
    Database.Parsed jdbc = databaseWith("CREATE TABLE filler (id INT PRIMARY KEY)",
        "CREATE TABLE outbox (id INT PRIMARY KEY, sent BOOLEAN NOT NULL)");
    Replay.prepareSchema(jdbc);
    List<StatementLog.Statement> fill = new java.util.ArrayList<>();
    for (int i = 0; i < 300; i++) {
      fill.add(new StatementLog.Statement("INSERT INTO filler VALUES ($1)", List.of(String.valueOf(i))));
    }
    StatementLog.Statement queue = new StatementLog.Statement("INSERT INTO outbox VALUES ($1, false)", List.of("1"));
    StatementLog.Statement send = new StatementLog.Statement("UPDATE outbox SET sent = true WHERE id = $1",
        List.of("1"));
    Map<String, List<StatementLog.Transaction>> sessions = new LinkedHashMap<>();
    // the command's session had a long transaction before the one that queued the mail
    sessions.put("command", List.of(new StatementLog.Transaction("command", fill, true, false, 1, 302),
        new StatementLog.Transaction("command", List.of(queue), false, false, 303, 303)));
    sessions.put("mailer", List.of(new StatementLog.Transaction("mailer", List.of(send), false, false, 304, 304)));

    Replay.Outcome outcome = Replay.run(jdbc, new StatementLog.Sessions(sessions, 0));

    assertThat(outcome.failed()).isZero();
    try (Connection c = Baseline.connect(jdbc); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT sent FROM replay.outbox")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getBoolean(1)).as("the mailer's update found the row queued before it").isTrue();
    }
  }

  /** A fresh database, these statements run in it. */
  private static Database.Parsed databaseWith(String... statements) throws Exception {
    Database.Parsed jdbc = Database.Parsed.of(TestDatabase.freshDatabaseUrl());
    try (Connection c = Baseline.connect(jdbc); Statement st = c.createStatement()) {
      for (String statement : statements) {
        st.execute(statement);
      }
    }
    return jdbc;
  }
}
