package al.tirana.councilline.request;

import al.tirana.councilline.platform.sql.Sql;
import al.tirana.councilline.platform.sql.TextColumns;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A read model's rows for the requests of one processor batch, as records, while the batch's events change them:
 * read with one query when the batch starts, and the changed ones written back with one upsert before the commit.
 * The rows travel to and from PostgreSQL as text, one array per column (see {@link TextColumns}).
 */
public final class RequestRows<R extends RequestRows.Row> {

  /** One request's row: its number, and its columns as text in the order of the read and the upsert. */
  public interface Row {

    String number();

    String[] columns();
  }

  private final Map<String, R> rows = new HashMap<>();
  private final Set<String> changed = new LinkedHashSet<>();

  private RequestRows() {
  }

  /**
   * The rows {@code read} finds for the batch's requests, each made by {@code row} from its columns as text; the
   * query's one parameter is the array of the numbers, and its first column is the number.
   */
  public static <R extends Row> RequestRows<R> read(Sql sql, String read, Function<String[], R> row) {
    RequestRows<R> batch = new RequestRows<>();
    String[] numbers = RequestsInBatch.numbers();
    if (numbers.length > 0) {
      for (String[] columns : sql.rowsOf(read, numbers)) {
        batch.rows.put(columns[0], row.apply(columns));
      }
    }
    return batch;
  }

  /** The request's row as the batch has left it so far, or null when it has none. */
  public R get(String number) {
    return rows.get(number);
  }

  /** A new row, or the changed version of one: written back before the commit. */
  public void put(R row) {
    rows.put(row.number(), row);
    changed.add(row.number());
  }

  /** Forgets the row: it is neither kept nor written. */
  public void remove(String number) {
    rows.remove(number);
    changed.remove(number);
  }

  /** Writes the changed rows with {@code upsert}, built by {@link TextColumns#upsert}. */
  public void upsert(Sql sql, String upsert) {
    if (!changed.isEmpty()) {
      sql.update(upsert, TextColumns.of(changed.stream().map(n -> rows.get(n).columns()).toList()));
    }
  }
}
