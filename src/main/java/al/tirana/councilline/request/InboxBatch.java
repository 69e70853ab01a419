package al.tirana.councilline.request;

import al.tirana.councilline.shared.Status;
import al.tirana.councilline.shared.Addressee;
import static al.tirana.councilline.platform.sql.TextColumns.text;

import al.tirana.councilline.platform.sql.Sql;
import al.tirana.councilline.platform.sql.TextColumns;
import al.tirana.councilline.request.RequestEvent.PriorityChanged;
import al.tirana.councilline.request.RequestEvent.RequestAssigned;
import al.tirana.councilline.request.RequestEvent.RequestReassigned;
import al.tirana.councilline.request.RequestEvent.RequestSubmitted;
import al.tirana.councilline.request.RequestEvent.SlaClockStarted;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * One processor batch of the inbox projection, applied in memory: the inbox rows of every request the batch touches
 * are read in one query when the batch starts, each event changes its row and adds a change-log row, and the batch
 * is written with three set-based statements just before the commit. A statement per event, however small, cost
 * PostgreSQL more in executor start-up than the work itself.
 */
final class InboxBatch {

  private static final String READ = "SELECT number, kind, category, priority, status, addressee_type, addressee_id, "
      + "assignee_type, assignee_id, administrative_unit::text, submitted_at::text, due_at::text, "
      + "last_activity_at::text, last_event, sla_state, latitude::text, longitude::text, address FROM inbox_item "
      + "WHERE number = ANY(?)";
  private static final String UPSERT = TextColumns.upsert("inbox_item", "number", "kind", "category", "priority",
      "status", "addressee_type", "addressee_id", "assignee_type", "assignee_id", "administrative_unit::integer",
      "submitted_at::timestamptz", "due_at::timestamptz", "last_activity_at::timestamptz", "last_event",
      "sla_state", "latitude::double precision", "longitude::double precision", "address");
  private static final String CHANGES = "INSERT INTO inbox_change (number, type, at, addressee_type, addressee_id, "
      + "assignee_type, assignee_id) SELECT number, type, at::timestamptz, addressee_type, addressee_id, "
      + "assignee_type, assignee_id FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], "
      + "?::text[]) WITH ORDINALITY AS c(number, type, at, addressee_type, addressee_id, assignee_type, assignee_id, "
      + "ord) ORDER BY ord";

  /** An inbox_item row, every column as text (as READ gives it and UPSERT takes it). */
  record InboxRow(String number, String kind, String category, String priority, String status,
                  String addresseeType, String addresseeId, String assigneeType, String assigneeId, String unit,
                  String submittedAt, String dueAt, String lastActivityAt, String lastEvent, String slaState,
                  String latitude, String longitude, String address)
      implements RequestRows.Row {

    static InboxRow of(String[] c) {
      return new InboxRow(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10], c[11], c[12], c[13],
          c[14], c[15], c[16], c[17]);
    }

    static InboxRow submitted(RequestSubmitted e) {
      return new InboxRow(e.number(), text(e.kind()), text(e.category()), text(e.priority()),
          Status.SUBMITTED.name(), text(e.addressee().type()), e.addressee().id(), null, null,
          text(e.administrativeUnit()), text(e.at()), text(e.dueAt()), text(e.at()), type(e), "ON_TRACK",
          e.location() == null ? null : text(e.location().latitude()),
          e.location() == null ? null : text(e.location().longitude()),
          e.location() == null ? null : e.location().address());
    }

    @Override
    public String[] columns() {
      return new String[] {number, kind, category, priority, status, addresseeType, addresseeId, assigneeType,
          assigneeId, unit, submittedAt, dueAt, lastActivityAt, lastEvent, slaState, latitude, longitude, address};
    }

    InboxRow assignedTo(Addressee assignee) {
      return new InboxRow(number, kind, category, priority, status, addresseeType, addresseeId,
          text(assignee.type()), assignee.id(), unit, submittedAt, dueAt, lastActivityAt, lastEvent, slaState,
          latitude, longitude, address);
    }

    InboxRow withPriority(String newPriority, String newDueAt) {
      return new InboxRow(number, kind, category, newPriority, status, addresseeType, addresseeId, assigneeType,
          assigneeId, unit, submittedAt, newDueAt, lastActivityAt, lastEvent, slaState, latitude, longitude, address);
    }

    InboxRow withDue(String newDueAt, String newSlaState) {
      return new InboxRow(number, kind, category, priority, status, addresseeType, addresseeId, assigneeType,
          assigneeId, unit, submittedAt, newDueAt, lastActivityAt, lastEvent, newSlaState, latitude, longitude,
          address);
    }

    InboxRow withSla(String newSlaState) {
      return withDue(dueAt, newSlaState);
    }

    /** The status the event leads to (if it changes it), and the event as the latest activity. */
    InboxRow after(RequestEvent event, Status newStatus) {
      return new InboxRow(number, kind, category, priority, newStatus == null ? status : newStatus.name(),
          addresseeType, addresseeId, assigneeType, assigneeId, unit, submittedAt, dueAt, text(event.at()),
          type(event), slaState, latitude, longitude, address);
    }
  }

  /** An inbox_change row: who the request concerned after the event. */
  private record InboxChange(String number, String type, String at, String addresseeType, String addresseeId,
                             String assigneeType, String assigneeId) {

    String[] columns() {
      return new String[] {number, type, at, addresseeType, addresseeId, assigneeType, assigneeId};
    }
  }

  /** Rows as the batch's events so far leave them; a missing row has no inbox entry. */
  private final RequestRows<InboxRow> rows;
  private final Set<String> deleted = new LinkedHashSet<>();
  private final List<InboxChange> changes = new ArrayList<>();

  private InboxBatch(RequestRows<InboxRow> rows) {
    this.rows = rows;
  }

  /** Reads the rows of every request the current batch has events for. */
  static InboxBatch read(Sql sql) {
    return new InboxBatch(RequestRows.read(sql, READ, InboxRow::of));
  }

  /**
   * Applies the event to its request's row and returns the row as it leaves it (null: no inbox entry). Every event
   * type is named here, so a new one must be placed before the code compiles.
   */
  InboxRow apply(RequestEvent event) {
    return switch (RequestEvent.Type.of(event)) {
      case REQUEST_SUBMITTED -> added(InboxRow.submitted((RequestSubmitted) event));
      case REQUEST_ASSIGNED -> changed(event, row -> row.assignedTo(((RequestAssigned) event).assignee()));
      case REQUEST_REASSIGNED -> changed(event, row -> row.assignedTo(((RequestReassigned) event).to()));
      case PRIORITY_CHANGED -> changed(event, row -> row.withPriority(text(((PriorityChanged) event).to()),
          text(((PriorityChanged) event).dueAt())));
      case SLA_CLOCK_STARTED ->
          changed(event, row -> row.withDue(text(((SlaClockStarted) event).dueAt()), "ON_TRACK"));
      case SLA_WARNING_ISSUED -> changed(event, row -> row.withSla("AT_RISK"));
      case SLA_BREACHED -> changed(event, row -> row.withSla("OVERDUE"));
      case CITIZEN_INFORMATION_REQUESTED -> changed(event, row -> row.withSla("PAUSED"));
      case REQUEST_MARKED_AS_SPAM -> deleted(event.number());
      case REQUEST_ACKNOWLEDGED, REQUEST_REFERRED_TO_DEPARTMENT, CITIZEN_INVITED_TO_MEETING, INTERNAL_NOTE_ADDED,
          REQUEST_RESPONDED, REQUEST_RESOLVED, REQUEST_CLOSED, REQUEST_REJECTED, REQUEST_WITHDRAWN, REQUEST_REOPENED,
          BREACH_ESCALATED, CITIZEN_ANSWERED, SLA_CLOCK_RESUMED, DEADLINE_EXTENDED, CITIZEN_RATED_RESPONSE,
          SUCCESS_STORY_PUBLISHED, SUCCESS_STORY_WITHDRAWN, PERSONAL_DATA_ERASED,
          CITIZEN_MESSAGE_ADDED, ACCESS_CODE_REISSUED -> changed(event, row -> row);
    };
  }

  private InboxRow added(InboxRow row) {
    rows.put(row);
    logged(row);
    return row;
  }

  /** Spam leaves the inbox. */
  private InboxRow deleted(String number) {
    rows.remove(number);
    deleted.add(number);
    return null;
  }

  /** The event's own change, then its status and the latest activity; a request without a row is spam. */
  private InboxRow changed(RequestEvent event, UnaryOperator<InboxRow> own) {
    InboxRow row = rows.get(event.number());
    if (row == null) {
      return null;
    }
    return added(own.apply(row).after(event, TimelineEntry.of(event, a -> a.id()).status()));
  }

  /** The change log names the event that left the row so. */
  private void logged(InboxRow row) {
    changes.add(new InboxChange(row.number(), row.lastEvent(), row.lastActivityAt(), row.addresseeType(),
        row.addresseeId(), row.assigneeType(), row.assigneeId()));
  }

  private static String type(RequestEvent event) {
    return event.getClass().getSimpleName();
  }

  /** Deletions, then every changed row, then the change log in the events' order. */
  void write(Sql sql, String stream) {
    if (!deleted.isEmpty()) {
      sql.update("DELETE FROM inbox_item WHERE number = ANY(?)", (Object) deleted.toArray(String[]::new));
    }
    rows.upsert(sql, UPSERT);
    if (!changes.isEmpty()) {
      sql.update(CHANGES, TextColumns.of(changes.stream().map(InboxChange::columns).toList()));
      sql.notifyAtCommit(stream);
    }
  }
}
