package al.tirana.councilline.feed;

import static al.tirana.councilline.platform.sql.TextColumns.iso;
import static al.tirana.councilline.platform.sql.TextColumns.text;

import al.tirana.councilline.platform.json.IsoInstants;
import al.tirana.councilline.platform.sql.Sql;
import al.tirana.councilline.platform.sql.TextColumns;
import al.tirana.councilline.shared.Addressee;
import al.tirana.councilline.request.RequestRows;
import java.time.Instant;

/**
 * The accountability rows of the requests in one processor batch, read in one query when the batch starts and
 * written back with one upsert before the commit: who owns each request and when it was submitted and is due, which
 * the entries of later events are phrased from. Without it every such event read its row, and each read first sent
 * everything the batch held back.
 */
final class AccountabilityBatch {

  private static final String READ = "SELECT number, owner_type, owner_id, " + iso("submitted_at") + ", "
      + iso("due_at") + " FROM accountability_request WHERE number = ANY(?)";
  private static final String UPSERT = TextColumns.upsert("accountability_request", "number", "owner_type",
      "owner_id", "submitted_at::timestamptz", "due_at::timestamptz");

  /** An accountability_request row, the times in ISO-8601 (as READ gives them). */
  private record Row(String number, String ownerType, String ownerId, String submittedAt, String dueAt)
      implements RequestRows.Row {

    static Row of(String[] c) {
      return new Row(c[0], c[1], c[2], c[3], c[4]);
    }

    @Override
    public String[] columns() {
      return new String[] {number, ownerType, ownerId, submittedAt, dueAt};
    }
  }

  private final RequestRows<Row> rows;

  private AccountabilityBatch(RequestRows<Row> rows) {
    this.rows = rows;
  }

  static AccountabilityBatch read(Sql sql) {
    return new AccountabilityBatch(RequestRows.read(sql, READ, Row::of));
  }

  void submitted(String number, Addressee addressee, Instant at, Instant dueAt) {
    rows.put(new Row(number, text(addressee.type()), addressee.id(), text(at), text(dueAt)));
  }

  Addressee owner(String number) {
    Row row = row(number);
    return new Addressee(Addressee.Type.valueOf(row.ownerType()), row.ownerId());
  }

  /** Like the UPDATE it replaces, a change to a request without a row changes nothing. */
  void owner(String number, Addressee owner) {
    Row row = rows.get(number);
    if (row != null) {
      rows.put(new Row(number, text(owner.type()), owner.id(), row.submittedAt(), row.dueAt()));
    }
  }

  Instant submittedAt(String number) {
    return IsoInstants.parse(row(number).submittedAt());
  }

  Instant dueAt(String number) {
    return IsoInstants.parse(row(number).dueAt());
  }

  void dueAt(String number, Instant due) {
    Row row = rows.get(number);
    if (row != null) {
      rows.put(new Row(number, row.ownerType(), row.ownerId(), row.submittedAt(), text(due)));
    }
  }

  private Row row(String number) {
    Row row = rows.get(number);
    if (row == null) {
      throw new IllegalStateException("No accountability row for " + number + ": its submission was never seen");
    }
    return row;
  }

  void write(Sql sql) {
    rows.upsert(sql, UPSERT);
  }
}
