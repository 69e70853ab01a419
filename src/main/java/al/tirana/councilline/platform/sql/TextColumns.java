package al.tirana.councilline.platform.sql;

import al.tirana.councilline.platform.json.IsoInstants;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Stream;

/**
 * Rows held as text, turned into one text[] per column: a projection writes a whole batch with one
 * {@code INSERT ... SELECT FROM unnest(?::text[], ...)} and PostgreSQL casts each column back to its type.
 */
public final class TextColumns {

  private TextColumns() {
  }

  /** The rows (at least one, all of the same width) as one array per column. */
  public static Object[] of(List<String[]> rows) {
    int width = rows.get(0).length;
    Object[] columns = new Object[width];
    for (int c = 0; c < width; c++) {
      String[] column = new String[rows.size()];
      for (int r = 0; r < rows.size(); r++) {
        column[r] = rows.get(r)[c];
      }
      columns[c] = column;
    }
    return columns;
  }

  /**
   * Enums by name and instants in ISO-8601, which both {@code ::timestamptz} and {@link Instant#parse} read,
   * rounded to PostgreSQL's microseconds as the JDBC driver rounds them: the same event written either way gives the
   * same row.
   */
  public static String text(Object value) {
    if (value == null) {
      return null;
    }
    return value instanceof Enum<?> e ? e.name() : value instanceof Instant instant ? IsoInstants.format(micros(instant))
        : value.toString();
  }

  /** Rounded half up to whole microseconds, as a timestamptz column stores it. */
  public static Instant micros(Instant instant) {
    return instant.plusNanos(500).truncatedTo(ChronoUnit.MICROS);
  }

  /**
   * {@code INSERT ... SELECT FROM unnest(...) ON CONFLICT (first column) DO UPDATE} of every other column, for a
   * table keyed by its first column; a column written {@code "name::type"} is cast from text to that type.
   */
  public static String upsert(String table, String... columns) {
    List<String> names = Stream.of(columns).map(c -> c.split("::")[0]).toList();
    return "INSERT INTO " + table + " (" + String.join(", ", names) + ") SELECT " + String.join(", ", columns)
        + " FROM unnest(" + "?::text[], ".repeat(columns.length - 1) + "?::text[]) AS r(" + String.join(", ", names)
        + ") ON CONFLICT (" + names.get(0) + ") DO UPDATE SET "
        + String.join(", ", names.subList(1, names.size()).stream().map(c -> c + " = EXCLUDED." + c).toList());
  }

  /** A timestamptz column read back in the form {@link #text} writes. */
  public static String iso(String column) {
    return "to_char(" + column + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";
  }
}
