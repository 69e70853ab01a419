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
  private static final int OWNER_TYPE = 1;
  private static final int OWNER_ID = 2;
  private static final int SUBMITTED_AT = 3;
  private static final int DUE_AT = 4;

  private final RequestRows rows;

  private AccountabilityBatch(RequestRows rows) {
    this.rows = rows;
  }

  static AccountabilityBatch read(Sql sql) {
    return new AccountabilityBatch(RequestRows.read(sql, READ));
  }

  void submitted(String number, Addressee addressee, Instant at, Instant dueAt) {
    rows.put(new String[] {number, text(addressee.type()), addressee.id(), text(at), text(dueAt)});
  }

  Addressee owner(String number) {
    String[] row = row(number);
    return new Addressee(Addressee.Type.valueOf(row[OWNER_TYPE]), row[OWNER_ID]);
  }

  /** Like the UPDATE it replaces, a change to a request without a row changes nothing. */
  void owner(String number, Addressee owner) {
    String[] row = rows.get(number);
    if (row == null) {
      return;
    }
    row[OWNER_TYPE] = text(owner.type());
    row[OWNER_ID] = owner.id();
    rows.changed(number);
  }

  Instant submittedAt(String number) {
    return IsoInstants.parse(row(number)[SUBMITTED_AT]);
  }

  Instant dueAt(String number) {
    return IsoInstants.parse(row(number)[DUE_AT]);
  }

  void dueAt(String number, Instant due) {
    String[] row = rows.get(number);
    if (row == null) {
      return;
    }
    row[DUE_AT] = text(due);
    rows.changed(number);
  }

  private String[] row(String number) {
    String[] row = rows.get(number);
    if (row == null) {
      throw new IllegalStateException("No accountability row for " + number + ": its submission was never seen");
    }
    return row;
  }

  void write(Sql sql) {
    rows.upsert(sql, UPSERT);
  }
}
