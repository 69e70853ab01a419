package al.tirana.councilline.bench;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL's csvlog with {@code log_statement = 'all'}, read back: the writes a stretch of the run made, each with
 * its parameters, grouped into the transactions of each session in the order the session ran them.
 */
final class StatementLog {

  // csvlog's columns, the same from PostgreSQL 13 to 17
  private static final int SESSION_ID = 5;
  private static final int SESSION_LINE = 6;
  private static final int VIRTUAL_TRANSACTION = 9;
  private static final int SEVERITY = 11;
  private static final int MESSAGE = 13;
  private static final int DETAIL = 14;

  private static final Pattern FIRST_WORD = Pattern.compile("^\\s*(?:(?:--[^\\n]*\\n|/\\*.*?\\*/)\\s*)*([a-zA-Z]+)",
      Pattern.DOTALL);
  private static final Pattern WRITES_IN_CTE = Pattern.compile("\\b(insert|update|delete|merge)\\b");
  private static final Pattern LOCKING = Pattern.compile(
      "\\bfor\\s+(no\\s+key\\s+)?update\\b|\\bfor\\s+(key\\s+)?share\\b");
  private static final Pattern TARGET = Pattern.compile(
      "\\b(?:insert\\s+into|update|delete\\s+from|merge\\s+into)\\s+\"?([a-z_][a-z0-9_.]*)");
  private static final Pattern LOCKED = Pattern.compile("\\bfrom\\s+\"?([a-z_][a-z0-9_.]*)");

  private StatementLog() {
  }

  /** One statement as the server ran it: its SQL, with $n placeholders, and the parameters' text (null for NULL). */
  record Statement(String sql, List<String> parameters) {

    boolean isInsert() {
      return FIRST_WORD.matcher(sql).results().findFirst().map(m -> m.group(1).equalsIgnoreCase("insert"))
          .orElse(false);
    }

    /** The table the statement writes (or locks), as written in it; "?" where none is recognised. */
    String table() {
      String lower = sql.toLowerCase(Locale.ROOT);
      Matcher target = TARGET.matcher(lower);
      if (target.find()) {
        return target.group(1);
      }
      Matcher locked = LOCKED.matcher(lower);
      return locked.find() ? locked.group(1) : "?";
    }
  }

  /**
   * The writes of one transaction of one session, in order. Explicit: it began with BEGIN (else each statement
   * committed on its own); rolled back: it ended with ROLLBACK. First and last: where its first and last entries
   * are in the log, which orders transactions of different sessions: one whose first entry follows another's last
   * began after that one ended.
   */
  record Transaction(String session, List<Statement> writes, boolean explicit, boolean rolledBack, long first,
                     long last) {

    /** Whether it writes into (updates, deletes or locks rows of) a table other than by inserting. */
    boolean changesRowsOf(String table) {
      return writes.stream().anyMatch(w -> w.table().equals(table) && !w.isInsert());
    }
  }

  /** The transactions with writes in a log, by session, and those left out because the server refused them. */
  record Sessions(Map<String, List<Transaction>> bySession, int failedInTheApp) {

    int statements() {
      return bySession.values().stream().flatMap(List::stream).mapToInt(t -> t.writes().size()).sum();
    }

    int transactions() {
      return bySession.values().stream().mapToInt(List::size).sum();
    }
  }

  enum Kind { BEGIN, COMMIT, ROLLBACK, WRITE, OTHER }

  /**
   * What a statement does to its transaction: BEGIN, COMMIT, ROLLBACK, a write (INSERT, UPDATE, DELETE, MERGE, a
   * WITH that does one of them, or a SELECT that locks rows for an update), or anything else (reads, settings).
   */
  static Kind kind(String sql) {
    Matcher first = FIRST_WORD.matcher(sql);
    if (!first.find()) {
      return Kind.OTHER;
    }
    String lower = sql.toLowerCase(Locale.ROOT);
    return switch (first.group(1).toLowerCase(Locale.ROOT)) {
      case "begin", "start" -> Kind.BEGIN;
      case "commit", "end" -> Kind.COMMIT;
      case "rollback", "abort" -> lower.matches("(?s)\\s*rollback\\s+to\\b.*") ? Kind.OTHER : Kind.ROLLBACK;
      case "insert", "update", "delete", "merge" -> Kind.WRITE;
      case "with" -> WRITES_IN_CTE.matcher(lower).find() ? Kind.WRITE : Kind.OTHER;
      case "select" -> LOCKING.matcher(lower).find() ? Kind.WRITE : Kind.OTHER;
      default -> Kind.OTHER;
    };
  }

  /**
   * The statement a log entry reports, if it reports one: {@code statement: SQL} (simple protocol) or
   * {@code execute NAME: SQL} (extended protocol, the parameters in the entry's detail).
   */
  static Optional<Statement> statement(String message, String detail) {
    String sql;
    if (message.startsWith("statement: ")) {
      sql = message.substring("statement: ".length());
    } else if (message.startsWith("execute ") && !message.startsWith("execute fetch from ")) {
      int colon = message.indexOf(": ");
      if (colon < 0) {
        return Optional.empty();
      }
      sql = message.substring(colon + 2);
    } else {
      return Optional.empty();
    }
    return Optional.of(new Statement(sql, parameters(detail)));
  }

  /** {@code Parameters: $1 = 'a''b', $2 = NULL} as ["a'b", null]; empty where there are none. */
  static List<String> parameters(String detail) {
    List<String> values = new ArrayList<>();
    // "Parameters: " since PostgreSQL 13, "parameters: " before
    if (detail == null || !detail.regionMatches(true, 0, "parameters: ", 0, "parameters: ".length())) {
      return values;
    }
    String s = detail;
    int i = "parameters: ".length();
    while (i < s.length()) {
      if (s.charAt(i) != '$') {
        throw new IllegalArgumentException("Unexpected parameter list at " + i + ": " + s);
      }
      int equals = s.indexOf(" = ", i);
      int number = Integer.parseInt(s.substring(i + 1, equals));
      i = equals + 3;
      String value;
      if (s.startsWith("NULL", i)) {
        value = null;
        i += 4;
      } else if (s.charAt(i) == '\'') {
        StringBuilder text = new StringBuilder();
        i++;
        while (true) {
          char c = s.charAt(i);
          if (c == '\'' && i + 1 < s.length() && s.charAt(i + 1) == '\'') {
            text.append('\'');
            i += 2;
          } else if (c == '\'') {
            i++;
            break;
          } else {
            text.append(c);
            i++;
          }
        }
        value = text.toString();
      } else {
        throw new IllegalArgumentException("Unexpected parameter value at " + i + ": " + s);
      }
      while (values.size() < number - 1) {
        values.add(null);
      }
      values.add(value);
      if (s.startsWith(", ", i)) {
        i += 2;
      }
    }
    return values;
  }

  /**
   * Reads a csvlog between the entries whose messages are {@code startMarker} and {@code endMarker}, and groups the
   * writes into the transactions of each session, in the order each session ran them. A transaction the server
   * refused a statement of (an ERROR entry) left nothing behind, so it is counted and left out.
   */
  static Sessions read(Reader csv, String startMarker, String endMarker) throws IOException {
    CsvReader reader = new CsvReader(csv);
    Map<String, List<Entry>> entries = new LinkedHashMap<>();
    boolean started = false;
    boolean ended = false;
    long index = 0;
    for (List<String> record = reader.next(); record != null; record = reader.next()) {
      if (record.size() <= DETAIL) {
        continue;
      }
      long position = index++;
      if (!started) {
        started = record.get(MESSAGE).equals(startMarker);
        continue;
      }
      if (record.get(MESSAGE).equals(endMarker)) {
        ended = true;
        break;
      }
      Entry entry = Entry.of(record, position);
      if (entry != null) {
        entries.computeIfAbsent(record.get(SESSION_ID), s -> new ArrayList<>()).add(entry);
      }
    }
    if (!ended) {
      throw new IllegalStateException("The log ends before the recording's end marker " + endMarker);
    }
    Map<String, List<Transaction>> bySession = new LinkedHashMap<>();
    int failed = 0;
    for (Map.Entry<String, List<Entry>> session : entries.entrySet()) {
      List<Entry> lines = session.getValue();
      lines.sort((a, b) -> Long.compare(a.line(), b.line()));
      List<Transaction> transactions = new ArrayList<>();
      int start = 0;
      for (int i = 1; i <= lines.size(); i++) {
        String transactionId = lines.get(start).transactionId();
        if (i == lines.size() || !lines.get(i).transactionId().equals(transactionId)) {
          Optional<Transaction> transaction = transaction(session.getKey(), lines.subList(start, i));
          if (transaction.isEmpty()) {
            failed++;
          } else if (!transaction.get().writes().isEmpty()) {
            transactions.add(transaction.get());
          }
          start = i;
        }
      }
      if (!transactions.isEmpty()) {
        bySession.put(session.getKey(), transactions);
      }
    }
    return new Sessions(bySession, failed);
  }

  /** The transaction of these entries (one virtual transaction), or empty where the server refused part of it. */
  private static Optional<Transaction> transaction(String session, List<Entry> lines) {
    List<Statement> writes = new ArrayList<>();
    boolean explicit = false;
    boolean rolledBack = false;
    for (Entry line : lines) {
      if (line.statement() == null) {
        return writes.isEmpty() ? Optional.of(new Transaction(session, writes, false, false, 0, 0))
            : Optional.empty();
      }
      switch (line.kind()) {
        case BEGIN -> explicit = true;
        case ROLLBACK -> rolledBack = true;
        case WRITE -> writes.add(line.statement());
        default -> { }
      }
    }
    return Optional.of(new Transaction(session, writes, explicit, rolledBack, lines.get(0).position(),
        lines.get(lines.size() - 1).position()));
  }

  /**
   * What the grouping needs of a log entry: a statement that begins, ends or writes in a transaction, or an error
   * (no statement). Reads and settings are dropped as they are read, so a long window fits in little memory; the
   * transaction they were in still shows in its other entries.
   */
  private record Entry(long line, String transactionId, Statement statement, Kind kind, long position) {

    static Entry of(List<String> record, long position) {
      long line = Long.parseLong(record.get(SESSION_LINE));
      String severity = record.get(SEVERITY);
      if (severity.equals("ERROR") || severity.equals("FATAL")) {
        return new Entry(line, record.get(VIRTUAL_TRANSACTION), null, Kind.OTHER, position);
      }
      Optional<Statement> statement = StatementLog.statement(record.get(MESSAGE), record.get(DETAIL));
      if (statement.isEmpty()) {
        return null;
      }
      Kind kind = StatementLog.kind(statement.get().sql());
      return kind == Kind.OTHER ? null
          : new Entry(line, record.get(VIRTUAL_TRANSACTION), statement.get(), kind, position);
    }
  }

  /** RFC 4180 records: fields in double quotes may hold commas, line breaks and doubled quotes. */
  static final class CsvReader {

    private final Reader in;
    private final char[] buffer = new char[1 << 16];
    private int length;
    private int position;

    CsvReader(Reader in) {
      this.in = in;
    }

    private int read() throws IOException {
      if (position == length) {
        length = in.read(buffer);
        position = 0;
        if (length <= 0) {
          length = 0;
          return -1;
        }
      }
      return buffer[position++];
    }

    /** The next record's fields, or null at the end. */
    List<String> next() throws IOException {
      int c = read();
      if (c == -1) {
        return null;
      }
      List<String> fields = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      boolean quoted = false;
      while (true) {
        if (quoted) {
          if (c == -1) {
            throw new IOException("The log ends inside a quoted field");
          }
          if (c == '"') {
            int after = read();
            if (after == '"') {
              field.append('"');
            } else {
              quoted = false;
              c = after;
              continue;
            }
          } else {
            field.append((char) c);
          }
        } else if (c == '"') {
          quoted = true;
        } else if (c == ',') {
          fields.add(field.toString());
          field.setLength(0);
        } else if (c == '\n' || c == -1) {
          fields.add(field.toString());
          return fields;
        } else if (c != '\r') {
          field.append((char) c);
        }
        c = read();
      }
    }
  }
}
