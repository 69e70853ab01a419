package al.tirana.councilline.request;

import al.tirana.councilline.shared.Status;
import al.tirana.councilline.shared.Addressee;
import static al.tirana.councilline.platform.sql.TextColumns.text;

import al.tirana.councilline.platform.sql.Sql;
import al.tirana.councilline.platform.sql.TextColumns;
import al.tirana.councilline.request.RequestEvent.PriorityChanged;
import al.tirana.councilline.request.RequestEvent.RequestAssigned;
import al.tirana.councilline.request.RequestEvent.RequestReassigned;
import al.tirana.councilline.request.RequestEvent.RequestReopened;
import al.tirana.councilline.request.RequestEvent.RequestSubmitted;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One processor batch of the inbox projection, applied in memory: the inbox rows of every request the batch touches
 * are read in one query when the batch starts, each event changes its row and adds a change-log row, and the batch
 * is written with three set-based statements just before the commit. A statement per event, however small, cost
 * PostgreSQL more in executor start-up than the work itself.
 */
final class InboxBatch {

  private static final int KIND = 1;
  private static final int CATEGORY = 2;
  private static final int PRIORITY = 3;
  private static final int STATUS = 4;
  private static final int ADDRESSEE_TYPE = 5;
  private static final int ADDRESSEE_ID = 6;
  private static final int ASSIGNEE_TYPE = 7;
  private static final int ASSIGNEE_ID = 8;
  private static final int UNIT = 9;
  private static final int SUBMITTED_AT = 10;
  private static final int DUE_AT = 11;
  private static final int LAST_ACTIVITY_AT = 12;
  private static final int LAST_EVENT = 13;
  private static final int SLA_STATE = 14;

  private static final String READ = "SELECT number, kind, category, priority, status, addressee_type, addressee_id, "
      + "assignee_type, assignee_id, administrative_unit::text, submitted_at::text, due_at::text, "
      + "last_activity_at::text, last_event, sla_state FROM inbox_item WHERE number = ANY(?)";
  private static final String UPSERT = TextColumns.upsert("inbox_item", "number", "kind", "category", "priority",
      "status", "addressee_type", "addressee_id", "assignee_type", "assignee_id", "administrative_unit::integer",
      "submitted_at::timestamptz", "due_at::timestamptz", "last_activity_at::timestamptz", "last_event",
      "sla_state");
  private static final String CHANGES = "INSERT INTO inbox_change (number, type, at, addressee_type, addressee_id, "
      + "assignee_type, assignee_id) SELECT number, type, at::timestamptz, addressee_type, addressee_id, "
      + "assignee_type, assignee_id FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], "
      + "?::text[]) WITH ORDINALITY AS c(number, type, at, addressee_type, addressee_id, assignee_type, assignee_id, "
      + "ord) ORDER BY ord";

  /** Rows as the batch's events so far leave them; a missing row has no inbox entry. */
  private final RequestRows rows;
  private final Set<String> deleted = new LinkedHashSet<>();
  private final List<String[]> changes = new ArrayList<>();

  private InboxBatch(RequestRows rows) {
    this.rows = rows;
  }

  /** Reads the rows of every request the current batch has events for. */
  static InboxBatch read(Sql sql) {
    return new InboxBatch(RequestRows.read(sql, READ));
  }

  void apply(RequestEvent event) {
    String n = event.number();
    if (event instanceof RequestEvent.RequestMarkedAsSpam) {
      rows.remove(n);
      deleted.add(n);
      return;
    }
    String type = event.getClass().getSimpleName();
    String[] row;
    if (event instanceof RequestSubmitted e) {
      row = new String[] {n, text(e.kind()), text(e.category()), text(e.priority()), Status.SUBMITTED.name(),
          text(e.addressee().type()), e.addressee().id(), null, null, text(e.administrativeUnit()), text(e.at()),
          text(e.dueAt()), text(e.at()), type, "ON_TRACK"};
      rows.put(row);
    } else {
      row = rows.get(n);
      if (row == null) {
        return; // no inbox entry: marked as spam
      }
      change(row, event);
      row[LAST_ACTIVITY_AT] = text(event.at());
      row[LAST_EVENT] = type;
      rows.changed(n);
    }
    changes.add(new String[] {n, type, text(event.at()), row[ADDRESSEE_TYPE], row[ADDRESSEE_ID], row[ASSIGNEE_TYPE],
        row[ASSIGNEE_ID]});
  }

  private static void change(String[] row, RequestEvent event) {
    Status status = TimelineEntry.of(event, a -> a.id()).status();
    if (event instanceof RequestReopened) {
      status = row[ASSIGNEE_ID] != null ? Status.ASSIGNED : Status.ACKNOWLEDGED;
    }
    if (status != null) {
      row[STATUS] = status.name();
    }
    if (event instanceof RequestAssigned e) {
      assign(row, e.assignee());
    } else if (event instanceof RequestReassigned e) {
      assign(row, e.to());
    } else if (event instanceof PriorityChanged e) {
      row[PRIORITY] = text(e.to());
      row[DUE_AT] = text(e.dueAt());
    } else if (event instanceof RequestEvent.SlaClockStarted e) {
      row[DUE_AT] = text(e.dueAt());
      row[SLA_STATE] = "ON_TRACK";
    } else if (event instanceof RequestEvent.SlaWarningIssued) {
      row[SLA_STATE] = "AT_RISK";
    } else if (event instanceof RequestEvent.SlaBreached) {
      row[SLA_STATE] = "OVERDUE";
    } else if (event instanceof RequestEvent.CitizenInformationRequested) {
      row[SLA_STATE] = "PAUSED";
    }
  }

  private static void assign(String[] row, Addressee assignee) {
    row[ASSIGNEE_TYPE] = text(assignee.type());
    row[ASSIGNEE_ID] = assignee.id();
  }

  /** Deletions, then every changed row, then the change log in the events' order. */
  void write(Sql sql, String stream) {
    if (!deleted.isEmpty()) {
      sql.update("DELETE FROM inbox_item WHERE number = ANY(?)", (Object) deleted.toArray(String[]::new));
    }
    rows.upsert(sql, UPSERT);
    if (!changes.isEmpty()) {
      sql.update(CHANGES, TextColumns.of(changes));
      sql.notifyAtCommit(stream);
    }
  }
}
