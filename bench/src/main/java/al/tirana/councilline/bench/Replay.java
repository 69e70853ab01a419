package al.tirana.councilline.bench;

import al.tirana.councilline.platform.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes a recorded window's rows again through raw JDBC into the schema {@value #SCHEMA}, which has the same tables
 * and indexes as {@code public}: one connection per session the application had, each running its session's
 * transactions in order, each as one JDBC transaction (a statement the application committed on its own is committed
 * on its own), as prepared statements with the logged parameters (their types inferred by the server, as for
 * literals). A statement the server cannot type that way ({@code $1 IS NULL}, say) is run with its parameters as
 * quoted literals instead.
 */
final class Replay {

  static final String SCHEMA = "replay";
  /** The SQLSTATE of "could not determine data type of parameter". */
  private static final String INDETERMINATE_DATATYPE = "42P18";
  private static final int FAILURES_KEPT = 5;

  private Replay() {
  }

  /**
   * How a replay went: its wall time, what it ran, and what the server refused (the first few in words); and the
   * session that took longest, with its number of transactions and the table it wrote most often, which bounds the
   * wall time.
   */
  record Outcome(Duration elapsed, long statements, long transactions, long failed, List<String> firstFailures,
                 Duration longestSession, int longestSessionTransactions, String longestSessionTable) {
  }

  /** A statement as PgJDBC takes it: {@code ?} for each $n in order (which $n each is), literal ? doubled. */
  record JdbcSql(String sql, List<Integer> placeholders) {
  }

  /**
   * Makes {@value #SCHEMA} afresh: every table of {@code public} again, with its defaults, constraints and indexes
   * ({@code LIKE ... INCLUDING ALL}; the application has no foreign keys or triggers), each generated key drawing
   * from a copy of its sequence. Into
   * the tables the application has ever updated or deleted rows in, their rows now are copied, so that a recorded
   * update or delete of a row older than the window finds it. Call it before the window is recorded: rows the
   * window inserts must not be there yet.
   */
  static List<String> prepareSchema(Database.Parsed jdbc) throws SQLException {
    List<String> copied = new ArrayList<>();
    try (Connection c = Baseline.connect(jdbc); Statement st = c.createStatement()) {
      c.setAutoCommit(true);
      st.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
      st.execute("CREATE SCHEMA " + SCHEMA);
      List<String> tables = new ArrayList<>();
      Set<String> updated = new HashSet<>();
      Set<String> unlogged = new HashSet<>();
      try (var rs = st.executeQuery("SELECT t.tablename, coalesce(s.n_tup_upd + s.n_tup_del, 0) > 0, "
          + "c.relpersistence = 'u' FROM pg_tables t "
          + "JOIN pg_class c ON c.oid = ('public.' || quote_ident(t.tablename))::regclass "
          + "LEFT JOIN pg_stat_user_tables s ON s.schemaname = t.schemaname AND s.relname = t.tablename "
          + "WHERE t.schemaname = 'public' ORDER BY 1")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
          if (rs.getBoolean(2)) {
            updated.add(rs.getString(1));
          }
          if (rs.getBoolean(3)) {
            unlogged.add(rs.getString(1));
          }
        }
      }
      for (String table : tables) {
        // LIKE copies neither UNLOGGED nor its cost: an unlogged table's writes make no WAL, and a transaction that
        // wrote nothing else commits without waiting for a flush, in the replay as in the window
        st.execute("CREATE " + (unlogged.contains(table) ? "UNLOGGED " : "") + "TABLE " + SCHEMA + "." + table
            + " (LIKE public." + table + " INCLUDING ALL)");
        if (updated.contains(table)) {
          st.execute("INSERT INTO " + SCHEMA + "." + table + " OVERRIDING SYSTEM VALUE SELECT * FROM public." + table);
          copied.add(table);
        }
      }
      copySequences(st);
      st.execute("ANALYZE");
    }
    return copied;
  }

  /**
   * Gives each replay table's generated key a sequence of its own, where public's is now: the replay's inserts then
   * draw the same keys as the window's did (in another order where sessions interleave differently), so that a later
   * statement naming a row by its generated key finds one, as the application's did.
   */
  private static void copySequences(Statement st) throws SQLException {
    List<String[]> generated = new ArrayList<>();
    try (var rs = st.executeQuery("SELECT table_name, column_name, pg_get_serial_sequence('public.' || "
        + "quote_ident(table_name), column_name), is_identity FROM information_schema.columns "
        + "WHERE table_schema = 'public' AND pg_get_serial_sequence('public.' || quote_ident(table_name), "
        + "column_name) IS NOT NULL")) {
      while (rs.next()) {
        generated.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)});
      }
    }
    for (String[] column : generated) {
      String table = SCHEMA + "." + column[0];
      String sequence;
      if ("YES".equals(column[3])) {
        // LIKE ... INCLUDING ALL gave the identity a sequence of its own already
        try (var rs = st.executeQuery("SELECT pg_get_serial_sequence('" + table + "', '" + column[1] + "')")) {
          rs.next();
          sequence = rs.getString(1);
        }
      } else {
        sequence = SCHEMA + "." + column[0] + "_" + column[1] + "_seq";
        st.execute("CREATE SEQUENCE " + sequence);
        st.execute("ALTER TABLE " + table + " ALTER COLUMN " + column[1] + " SET DEFAULT nextval('" + sequence
            + "')");
      }
      st.execute("SELECT setval('" + sequence + "', last_value, is_called) FROM " + column[2]);
    }
  }

  /** Drops {@value #SCHEMA} and its rows, once the replay's figures have been read. */
  static void dropSchema(Database.Parsed jdbc) throws SQLException {
    try (Connection c = Baseline.connect(jdbc); Statement st = c.createStatement()) {
      c.setAutoCommit(true);
      st.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    }
  }

  /** Replays every session's transactions at once, a thread and a connection per session, and times it. */
  static Outcome run(Database.Parsed jdbc, StatementLog.Sessions sessions) throws Exception {
    Set<String> literalOnly = literalOnly(jdbc, sessions);
    Order order = new Order(sessions);
    List<Thread> threads = new ArrayList<>();
    List<Connection> connections = new ArrayList<>();
    AtomicLong statements = new AtomicLong();
    AtomicLong transactions = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch go = new CountDownLatch(1);
    long[] longest = new long[2];
    String[] longestTable = {"-"};
    try {
      for (List<StatementLog.Transaction> session : sessions.bySession().values()) {
        Connection c = connect(jdbc);
        connections.add(c);
        threads.add(new Thread(() -> {
          try {
            go.await();
            long from = System.nanoTime();
            replaySession(c, session, order, literalOnly, statements, transactions, failed, failures);
            long took = System.nanoTime() - from;
            synchronized (longest) {
              if (took > longest[0]) {
                longest[0] = took;
                longest[1] = session.size();
                longestTable[0] = mostWritten(session);
              }
            }
          } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            failed.incrementAndGet();
            failures.add("interrupted");
          } catch (RuntimeException ex) {
            failed.incrementAndGet();
            failures.add("session: " + ex);
          } finally {
            // a session that stopped early must not hold the others back
            session.forEach(order::done);
          }
        }, "replay-" + threads.size()));
      }
      threads.forEach(Thread::start);
      long started = System.nanoTime();
      go.countDown();
      for (Thread t : threads) {
        t.join();
      }
      Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
      synchronized (longest) {
        return new Outcome(elapsed, statements.get(), transactions.get(), failed.get(),
            List.copyOf(failures.subList(0, Math.min(FAILURES_KEPT, failures.size()))), Duration.ofNanos(longest[0]),
            (int) longest[1], longestTable[0]);
      }
    } finally {
      for (Connection c : connections) {
        c.close();
      }
    }
  }

  /**
   * Holds back a transaction that updates, deletes or locks rows of a table another session inserts into (the mail
   * workers claiming and marking the receipt mails commands wrote, say) until every transaction writing that table
   * that had ended in the log before it began has been replayed, as it had been when the application ran it. The
   * rest go at their own pace. A transaction only waits for ones that ended before it began, so none waits for
   * itself, or for one that waits for it.
   */
  private static final class Order {

    /** The transactions writing one table, in the order they ended in the log, and how many are replayed. */
    private static final class Writers {
      private final List<StatementLog.Transaction> inOrder = new ArrayList<>();
      private final Map<StatementLog.Transaction, Integer> rank = new IdentityHashMap<>();
      private final Set<String> inserting = new HashSet<>();
      private long[] lasts;
      private boolean[] done;
      private int replayed;

      void seal() {
        inOrder.sort(Comparator.comparingLong(StatementLog.Transaction::last));
        lasts = new long[inOrder.size()];
        done = new boolean[inOrder.size()];
        for (int i = 0; i < inOrder.size(); i++) {
          rank.put(inOrder.get(i), i);
          lasts[i] = inOrder.get(i).last();
        }
      }

      /** How many of them had ended before {@code position} in the log. */
      int endedBefore(long position) {
        int found = Arrays.binarySearch(lasts, position);
        return found >= 0 ? found : -found - 1;
      }

      void done(StatementLog.Transaction t) {
        Integer at = rank.get(t);
        if (at != null) {
          done[at] = true;
          while (replayed < done.length && done[replayed]) {
            replayed++;
          }
        }
      }
    }

    private final Map<String, Writers> byTable = new HashMap<>();
    private final Map<StatementLog.Transaction, List<Writers>> waits = new IdentityHashMap<>();
    private final Map<StatementLog.Transaction, List<Writers>> writes = new IdentityHashMap<>();

    Order(StatementLog.Sessions sessions) {
      List<StatementLog.Transaction> all = new ArrayList<>();
      sessions.bySession().values().forEach(all::addAll);
      for (StatementLog.Transaction t : all) {
        List<Writers> into = new ArrayList<>();
        for (StatementLog.Statement w : t.writes()) {
          Writers writers = byTable.computeIfAbsent(w.table(), k -> new Writers());
          if (w.isInsert()) {
            writers.inserting.add(t.session());
          }
          if (!into.contains(writers)) {
            writers.inOrder.add(t);
            into.add(writers);
          }
        }
        writes.put(t, into);
      }
      byTable.values().forEach(Writers::seal);
      for (StatementLog.Transaction t : all) {
        List<Writers> on = new ArrayList<>();
        byTable.forEach((table, writers) -> {
          if (t.changesRowsOf(table) && writers.inserting.stream().anyMatch(other -> !other.equals(t.session()))) {
            on.add(writers);
          }
        });
        if (!on.isEmpty()) {
          waits.put(t, on);
        }
      }
    }

    synchronized void awaitTurn(StatementLog.Transaction t) throws InterruptedException {
      for (Writers writers : waits.getOrDefault(t, List.of())) {
        int needed = writers.endedBefore(t.first());
        while (writers.replayed < needed) {
          wait();
        }
      }
    }

    synchronized void done(StatementLog.Transaction t) {
      writes.getOrDefault(t, List.of()).forEach(writers -> writers.done(t));
      notifyAll();
    }
  }

  private static String mostWritten(List<StatementLog.Transaction> session) {
    Map<String, Integer> counts = new HashMap<>();
    session.forEach(t -> t.writes().forEach(w -> counts.merge(w.table(), 1, Integer::sum)));
    return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("-");
  }

  private static Connection connect(Database.Parsed jdbc) throws SQLException {
    Connection c = Baseline.connect(jdbc);
    try (Statement st = c.createStatement()) {
      st.execute("SET search_path = " + SCHEMA + ", public");
    }
    c.setAutoCommit(true);
    return c;
  }

  private static void replaySession(Connection c, List<StatementLog.Transaction> session, Order order,
                                    Set<String> literalOnly, AtomicLong statements, AtomicLong transactions,
                                    AtomicLong failed, List<String> failures) throws InterruptedException {
    Map<String, PreparedStatement> prepared = new HashMap<>();
    try {
      for (StatementLog.Transaction transaction : session) {
        order.awaitTurn(transaction);
        c.setAutoCommit(!transaction.explicit());
        try {
          for (StatementLog.Statement statement : transaction.writes()) {
            execute(c, prepared, statement, literalOnly);
            statements.incrementAndGet();
          }
          if (transaction.explicit() && transaction.rolledBack()) {
            c.rollback();
          } else if (transaction.explicit()) {
            c.commit();
          }
          transactions.incrementAndGet();
        } catch (SQLException ex) {
          failed.incrementAndGet();
          failures.add(ex.getSQLState() + " " + ex.getMessage());
          if (transaction.explicit()) {
            c.rollback();
          }
        } finally {
          order.done(transaction);
        }
      }
      for (PreparedStatement ps : prepared.values()) {
        ps.close();
      }
    } catch (SQLException ex) {
      failed.incrementAndGet();
      failures.add("session: " + ex.getSQLState() + " " + ex.getMessage());
    }
  }

  private static void execute(Connection c, Map<String, PreparedStatement> prepared, StatementLog.Statement statement,
                              Set<String> literalOnly) throws SQLException {
    if (literalOnly.contains(statement.sql())) {
      try (Statement st = c.createStatement()) {
        st.execute(withLiterals(statement.sql(), statement.parameters()));
      }
      return;
    }
    JdbcSql jdbcSql = jdbcSql(statement.sql());
    PreparedStatement ps = prepared.get(statement.sql());
    if (ps == null) {
      ps = c.prepareStatement(jdbcSql.sql());
      prepared.put(statement.sql(), ps);
    }
    bind(ps, jdbcSql, statement.parameters());
    ps.execute();
  }

  private static void bind(PreparedStatement ps, JdbcSql jdbcSql, List<String> parameters) throws SQLException {
    for (int i = 0; i < jdbcSql.placeholders().size(); i++) {
      int n = jdbcSql.placeholders().get(i);
      String value = n <= parameters.size() ? parameters.get(n - 1) : null;
      if (value == null) {
        ps.setNull(i + 1, Types.OTHER);
      } else {
        // sent untyped, as text: the server reads it with the type the statement gives the parameter
        ps.setObject(i + 1, value, Types.OTHER);
      }
    }
  }

  /** The recorded statements the server cannot prepare with untyped parameters, asked once before the replay. */
  private static Set<String> literalOnly(Database.Parsed jdbc, StatementLog.Sessions sessions) throws SQLException {
    Set<String> distinct = new HashSet<>();
    sessions.bySession().values().forEach(s -> s.forEach(t -> t.writes().forEach(w -> distinct.add(w.sql()))));
    Set<String> literal = new HashSet<>();
    try (Connection c = connect(jdbc)) {
      for (String sql : distinct) {
        try (PreparedStatement ps = c.prepareStatement(jdbcSql(sql).sql())) {
          ps.getParameterMetaData();
        } catch (SQLException ex) {
          // any other refusal shows again in the replay, where it is counted and reported
          if (INDETERMINATE_DATATYPE.equals(ex.getSQLState())) {
            literal.add(sql);
          }
        }
      }
    }
    return literal;
  }

  /** The statement with each $n as a PgJDBC placeholder; a literal ? outside strings is doubled, as PgJDBC asks. */
  static JdbcSql jdbcSql(String sql) {
    StringBuilder out = new StringBuilder();
    List<Integer> placeholders = new ArrayList<>();
    rewrite(sql, out, n -> {
      placeholders.add(n);
      return "?";
    }, "??");
    return new JdbcSql(out.toString(), placeholders);
  }

  /** The statement with each $n as a quoted literal (quotes doubled) or NULL, for the simple protocol. */
  static String withLiterals(String sql, List<String> parameters) {
    StringBuilder out = new StringBuilder();
    rewrite(sql, out, n -> {
      String value = n <= parameters.size() ? parameters.get(n - 1) : null;
      return value == null ? "NULL" : "'" + value.replace("'", "''") + "'";
    }, "?");
    return out.toString();
  }

  /**
   * Copies {@code sql}, replacing each $n outside quoted strings, quoted identifiers, dollar-quoted strings and
   * comments by {@code placeholder(n)} and each ? there by {@code question}.
   */
  private static void rewrite(String sql, StringBuilder out, java.util.function.IntFunction<String> placeholder,
                              String question) {
    int i = 0;
    int length = sql.length();
    while (i < length) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"') {
        int end = i + 1;
        while (end < length) {
          if (sql.charAt(end) == c && end + 1 < length && sql.charAt(end + 1) == c) {
            end += 2;
          } else if (sql.charAt(end) == c) {
            break;
          } else {
            end++;
          }
        }
        out.append(sql, i, Math.min(end + 1, length));
        i = end + 1;
      } else if (c == '-' && sql.startsWith("--", i)) {
        int end = sql.indexOf('\n', i);
        end = end < 0 ? length : end;
        out.append(sql, i, end);
        i = end;
      } else if (c == '/' && sql.startsWith("/*", i)) {
        int end = sql.indexOf("*/", i);
        end = end < 0 ? length : end + 2;
        out.append(sql, i, end);
        i = end;
      } else if (c == '$' && i + 1 < length && Character.isDigit(sql.charAt(i + 1))) {
        int end = i + 1;
        while (end < length && Character.isDigit(sql.charAt(end))) {
          end++;
        }
        out.append(placeholder.apply(Integer.parseInt(sql.substring(i + 1, end))));
        i = end;
      } else if (c == '$') {
        int tagEnd = sql.indexOf('$', i + 1);
        String tag = tagEnd < 0 ? null : sql.substring(i, tagEnd + 1);
        if (tag != null && tag.matches("\\$[A-Za-z_]*\\$")) {
          int close = sql.indexOf(tag, tagEnd + 1);
          int end = close < 0 ? length : close + tag.length();
          out.append(sql, i, end);
          i = end;
        } else {
          out.append(c);
          i++;
        }
      } else if (c == '?') {
        out.append(question);
        i++;
      } else {
        out.append(c);
        i++;
      }
    }
  }
}
