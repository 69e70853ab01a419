package al.tirana.councilline.request;

import al.tirana.councilline.platform.sql.Sql;
import al.tirana.councilline.platform.sql.TextColumns;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A read model's rows for the requests of one processor batch, held as text while the batch's events change them:
 * read with one query when the batch starts, and the changed ones written back with one upsert before the commit.
 * A row's first column is the request's number.
 */
public final class RequestRows {

  private final Map<String, String[]> rows = new HashMap<>();
  private final Set<String> changed = new LinkedHashSet<>();

  private RequestRows() {
  }

  /** The rows {@code read} finds for the batch's requests; its one parameter is the array of their numbers. */
  public static RequestRows read(Sql sql, String read) {
    RequestRows batch = new RequestRows();
    String[] numbers = RequestsInBatch.numbers();
    if (numbers.length > 0) {
      for (String[] row : sql.rowsOf(read, numbers)) {
        batch.rows.put(row[0], row);
      }
    }
    return batch;
  }

  /** The request's row as the batch has left it so far, or null when it has none. */
  public String[] get(String number) {
    return rows.get(number);
  }

  /** A new row, or one replaced whole. */
  public void put(String[] row) {
    rows.put(row[0], row);
    changed.add(row[0]);
  }

  /** Marks a row whose columns were changed in place. */
  public void changed(String number) {
    changed.add(number);
  }

  /** Forgets the row: it is neither kept nor written. */
  public void remove(String number) {
    rows.remove(number);
    changed.remove(number);
  }

  /** Writes the changed rows with {@code upsert}, built by {@link TextColumns#upsert}. */
  public void upsert(Sql sql, String upsert) {
    if (!changed.isEmpty()) {
      sql.update(upsert, TextColumns.of(changed.stream().map(rows::get).toList()));
    }
  }
}
