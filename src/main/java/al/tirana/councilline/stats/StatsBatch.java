package al.tirana.councilline.stats;

import static al.tirana.councilline.platform.sql.TextColumns.iso;
import static al.tirana.councilline.platform.sql.TextColumns.text;

import al.tirana.councilline.platform.json.IsoInstants;
import al.tirana.councilline.platform.sql.Sql;
import al.tirana.councilline.platform.sql.TextColumns;
import al.tirana.councilline.directory.DirectoryNames;
import al.tirana.councilline.shared.Addressee;
import al.tirana.councilline.request.RequestEvent;
import al.tirana.councilline.request.RequestEvent.RequestSubmitted;
import al.tirana.councilline.request.RequestRows;
import al.tirana.councilline.shared.Status;
import al.tirana.councilline.request.TimelineEntry;

/**
 * One processor batch of the statistics projection, applied in memory like the inbox's: the rows of every request
 * in the batch are read in one query and written back with one upsert just before the commit. Success stories are
 * rare and keep their own statements.
 */
final class StatsBatch {

  private static final int CATEGORY = 2;
  private static final int PRIORITY = 3;
  private static final int COUNSELOR = 7;
  private static final int COMMISSION = 8;
  private static final int STATUS = 11;
  private static final int DUE_AT = 13;
  private static final int FIRST_RESPONSE_AT = 14;
  private static final int RESOLVED_AT = 15;
  private static final int ON_TIME = 16;
  private static final int SATISFACTION = 17;
  private static final int SPAM = 18;

  private static final String READ = "SELECT number, kind, category, priority, addressee_type, addressee_id, "
      + "addressee_name, counselor_id, commission_id, administrative_unit::text, channel, status, "
      + iso("submitted_at") + ", " + iso("due_at") + ", " + iso("first_response_at") + ", " + iso("resolved_at")
      + ", on_time::text, satisfaction::text, spam::text FROM stats_request WHERE number = ANY(?)";
  private static final String UPSERT = TextColumns.upsert("stats_request", "number", "kind", "category", "priority",
      "addressee_type", "addressee_id", "addressee_name", "counselor_id", "commission_id",
      "administrative_unit::integer", "channel", "status", "submitted_at::timestamptz", "due_at::timestamptz",
      "first_response_at::timestamptz", "resolved_at::timestamptz", "on_time::boolean", "satisfaction::integer",
      "spam::boolean");

  /** Rows as the batch's events so far leave them; a missing row means no submission seen. */
  private final RequestRows rows;

  private StatsBatch(RequestRows rows) {
    this.rows = rows;
  }

  static StatsBatch read(Sql sql) {
    return new StatsBatch(RequestRows.read(sql, READ));
  }

  void apply(RequestEvent event, Sql sql, DirectoryNames names) {
    String n = event.number();
    String[] row = rows.get(n);
    if (event instanceof RequestSubmitted e) {
      submitted(e, row, names);
      return;
    }
    if (row == null) {
      return;
    }
    change(row, event, sql);
    Status status = TimelineEntry.of(event, a -> a.id()).status();
    if (status != null) {
      row[STATUS] = status.name();
    } else if (event instanceof RequestEvent.RequestReopened) {
      boolean assigned = row[COUNSELOR] != null || row[COMMISSION] != null;
      row[STATUS] = (assigned ? Status.ASSIGNED : Status.ACKNOWLEDGED).name();
      row[RESOLVED_AT] = null;
    }
    rows.changed(n);
  }

  /** A replayed duplicate only re-asserts the status and the responsible party. */
  private void submitted(RequestSubmitted e, String[] existing, DirectoryNames names) {
    boolean counselor = e.addressee().type() == Addressee.Type.COUNSELOR;
    String counselorId = counselor ? e.addressee().id() : null;
    String commissionId = counselor ? null : e.addressee().id();
    if (existing != null) {
      existing[STATUS] = Status.SUBMITTED.name();
      existing[COUNSELOR] = counselorId != null ? counselorId : existing[COUNSELOR];
      existing[COMMISSION] = commissionId != null ? commissionId : existing[COMMISSION];
      rows.changed(e.number());
      return;
    }
    rows.put(new String[] {e.number(), text(e.kind()), text(e.category()), text(e.priority()),
        text(e.addressee().type()), e.addressee().id(), names.describe(e.addressee()), counselorId, commissionId,
        text(e.administrativeUnit()), text(e.channel()), Status.SUBMITTED.name(), text(e.at()), text(e.dueAt()),
        null, null, null, null, "false"});
  }

  private static void change(String[] row, RequestEvent event, Sql sql) {
    String n = event.number();
    if (event instanceof RequestEvent.RequestAssigned e) {
      responsible(row, e.assignee());
    } else if (event instanceof RequestEvent.RequestReassigned e) {
      responsible(row, e.to());
    } else if (event instanceof RequestEvent.PriorityChanged e) {
      row[PRIORITY] = text(e.to());
      row[DUE_AT] = text(e.dueAt());
    } else if (event instanceof RequestEvent.SlaClockStarted e) {
      row[DUE_AT] = text(e.dueAt());
    } else if (event instanceof RequestEvent.RequestResponded e) {
      if (row[FIRST_RESPONSE_AT] == null) {
        row[FIRST_RESPONSE_AT] = text(e.at());
        row[ON_TIME] = String.valueOf(!TextColumns.micros(e.at()).isAfter(IsoInstants.parse(row[DUE_AT])));
      }
    } else if (event instanceof RequestEvent.RequestResolved e) {
      row[RESOLVED_AT] = text(e.at());
    } else if (event instanceof RequestEvent.RequestMarkedAsSpam) {
      row[SPAM] = "true";
      sql.write(n, "DELETE FROM success_story WHERE number = ?", n);
    } else if (event instanceof RequestEvent.CitizenRatedResponse e) {
      row[SATISFACTION] = String.valueOf(e.score());
    } else if (event instanceof RequestEvent.SuccessStoryPublished e) {
      sql.write(n, "INSERT INTO success_story (number, title, summary, category, published_at) "
          + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (number) DO UPDATE SET title = EXCLUDED.title, "
          + "summary = EXCLUDED.summary, published_at = EXCLUDED.published_at",
          n, e.title(), e.summary(), row[CATEGORY], e.at());
    } else if (event instanceof RequestEvent.SuccessStoryWithdrawn) {
      sql.write(n, "DELETE FROM success_story WHERE number = ?", n);
    }
  }

  private static void responsible(String[] row, Addressee who) {
    row[who.type() == Addressee.Type.COUNSELOR ? COUNSELOR : COMMISSION] = who.id();
  }

  void write(Sql sql) {
    rows.upsert(sql, UPSERT);
  }
}
