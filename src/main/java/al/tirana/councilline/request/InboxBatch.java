package al.tirana.councilline.request;

import static al.tirana.councilline.core.TextColumns.text;

import al.tirana.councilline.core.Sql;
import al.tirana.councilline.core.TextColumns;
import al.tirana.councilline.request.RequestEvent.BreachEscalated;
import al.tirana.councilline.request.RequestEvent.CitizenAnswered;
import al.tirana.councilline.request.RequestEvent.CitizenInformationRequested;
import al.tirana.councilline.request.RequestEvent.CitizenInvitedToMeeting;
import al.tirana.councilline.request.RequestEvent.CitizenRatedResponse;
import al.tirana.councilline.request.RequestEvent.DeadlineExtended;
import al.tirana.councilline.request.RequestEvent.InternalNoteAdded;
import al.tirana.councilline.request.RequestEvent.PersonalDataErased;
import al.tirana.councilline.request.RequestEvent.PriorityChanged;
import al.tirana.councilline.request.RequestEvent.RequestAcknowledged;
import al.tirana.councilline.request.RequestEvent.RequestAssigned;
import al.tirana.councilline.request.RequestEvent.RequestClosed;
import al.tirana.councilline.request.RequestEvent.RequestMarkedAsSpam;
import al.tirana.councilline.request.RequestEvent.RequestReassigned;
import al.tirana.councilline.request.RequestEvent.RequestReferredToDepartment;
import al.tirana.councilline.request.RequestEvent.RequestRejected;
import al.tirana.councilline.request.RequestEvent.RequestReopened;
import al.tirana.councilline.request.RequestEvent.RequestResolved;
import al.tirana.councilline.request.RequestEvent.RequestResponded;
import al.tirana.councilline.request.RequestEvent.RequestSubmitted;
import al.tirana.councilline.request.RequestEvent.RequestWithdrawn;
import al.tirana.councilline.request.RequestEvent.SlaBreached;
import al.tirana.councilline.request.RequestEvent.SlaClockResumed;
import al.tirana.councilline.request.RequestEvent.SlaClockStarted;
import al.tirana.councilline.request.RequestEvent.SlaWarningIssued;
import al.tirana.councilline.request.RequestEvent.SuccessStoryPublished;
import al.tirana.councilline.request.RequestEvent.SuccessStoryWithdrawn;
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

  /** An inbox_item row, every column as text (as READ gives it and UPSERT takes it). */
  record InboxRow(String number, String kind, String category, String priority, String status,
                  String addresseeType, String addresseeId, String assigneeType, String assigneeId, String unit,
                  String submittedAt, String dueAt, String lastActivityAt, String lastEvent, String slaState)
      implements RequestRows.Row {

    static InboxRow of(String[] c) {
      return new InboxRow(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10], c[11], c[12], c[13],
          c[14]);
    }

    static InboxRow submitted(RequestSubmitted e) {
      return new InboxRow(e.number(), text(e.kind()), text(e.category()), text(e.priority()),
          Status.SUBMITTED.name(), text(e.addressee().type()), e.addressee().id(), null, null,
          text(e.administrativeUnit()), text(e.at()), text(e.dueAt()), text(e.at()), type(e), "ON_TRACK");
    }

    @Override
    public String[] columns() {
      return new String[] {number, kind, category, priority, status, addresseeType, addresseeId, assigneeType,
          assigneeId, unit, submittedAt, dueAt, lastActivityAt, lastEvent, slaState};
    }

    InboxRow assignedTo(Addressee assignee) {
      return new InboxRow(number, kind, category, priority, status, addresseeType, addresseeId,
          text(assignee.type()), assignee.id(), unit, submittedAt, dueAt, lastActivityAt, lastEvent, slaState);
    }

    InboxRow withPriority(String newPriority, String newDueAt) {
      return new InboxRow(number, kind, category, newPriority, status, addresseeType, addresseeId, assigneeType,
          assigneeId, unit, submittedAt, newDueAt, lastActivityAt, lastEvent, slaState);
    }

    InboxRow withDue(String newDueAt, String newSlaState) {
      return new InboxRow(number, kind, category, priority, status, addresseeType, addresseeId, assigneeType,
          assigneeId, unit, submittedAt, newDueAt, lastActivityAt, lastEvent, newSlaState);
    }

    InboxRow withSla(String newSlaState) {
      return withDue(dueAt, newSlaState);
    }

    /** The status the event leads to (if it changes it), and the event as the latest activity. */
    InboxRow after(RequestEvent event, Status newStatus) {
      return new InboxRow(number, kind, category, priority, newStatus == null ? status : newStatus.name(),
          addresseeType, addresseeId, assigneeType, assigneeId, unit, submittedAt, dueAt, text(event.at()),
          type(event), slaState);
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
  private final Change change = new Change();

  private InboxBatch(RequestRows<InboxRow> rows) {
    this.rows = rows;
  }

  /** Reads the rows of every request the current batch has events for. */
  static InboxBatch read(Sql sql) {
    return new InboxBatch(RequestRows.read(sql, READ, InboxRow::of));
  }

  void apply(RequestEvent event) {
    event.accept(change);
  }

  /** What each event does to the inbox: every event type is named here, so a new one must be decided on. */
  private final class Change implements RequestEvent.Visitor<Void> {

    @Override
    public Void on(RequestSubmitted e) {
      InboxRow row = InboxRow.submitted(e);
      rows.put(row);
      logged(e, row);
      return null;
    }

    @Override
    public Void on(RequestAcknowledged e) {
      return changed(e, row -> row);
    }

    @Override
    public Void on(RequestAssigned e) {
      return changed(e, row -> row.assignedTo(e.assignee()));
    }

    @Override
    public Void on(RequestReassigned e) {
      return changed(e, row -> row.assignedTo(e.to()));
    }

    @Override
    public Void on(RequestReferredToDepartment e) {
      return changed(e, row -> row);
    }

    @Override
    public Void on(CitizenInvitedToMeeting e) {
      return changed(e, row -> row);
    }

    @Override
    public Void on(InternalNoteAdded e) {
      return changed(e, row -> row);
    }

    @Override
    public Void on(PriorityChanged e) {
      return changed(e, row -> row.withPriority(text(e.to()), text(e.dueAt())));
    }

    @Override
    public Void on(RequestResponded e) {
      return changed(e, row -> row);
    }

    @Override
    public Void on(RequestResolved e) {
      return changed(e, row -> row);
    }

    @Override
    public Void on(RequestClosed e) {
      return changed(e, row -> row);
    }

    @Override
    public Void on(RequestRejected e) {
      return changed(e, row -> row);
    }

    @Override
    public Void on(RequestWithdrawn e) {
      return changed(e, row -> row);
    }

    @Override
    public Void on(RequestReopened e) {
      return changed(e, row -> row);
    }

    @Override
    public Void on(SlaClockStarted e) {
      return changed(e, row -> row.withDue(text(e.dueAt()), "ON_TRACK"));
    }

    @Override
    public Void on(SlaWarningIssued e) {
      return changed(e, row -> row.withSla("AT_RISK"));
    }

    @Override
    public Void on(SlaBreached e) {
      return changed(e, row -> row.withSla("OVERDUE"));
    }

    @Override
    public Void on(BreachEscalated e) {
      return changed(e, row -> row);
    }

    @Override
    public Void on(CitizenInformationRequested e) {
      return changed(e, row -> row.withSla("PAUSED"));
    }

    @Override
    public Void on(CitizenAnswered e) {
      return changed(e, row -> row);
    }

    @Override
    public Void on(SlaClockResumed e) {
      return changed(e, row -> row);
    }

    @Override
    public Void on(DeadlineExtended e) {
      return changed(e, row -> row);
    }

    @Override
    public Void on(CitizenRatedResponse e) {
      return changed(e, row -> row);
    }

    @Override
    public Void on(SuccessStoryPublished e) {
      return changed(e, row -> row);
    }

    @Override
    public Void on(SuccessStoryWithdrawn e) {
      return changed(e, row -> row);
    }

    @Override
    public Void on(PersonalDataErased e) {
      return changed(e, row -> row);
    }

    @Override
    public Void on(RequestMarkedAsSpam e) {
      rows.remove(e.number());
      deleted.add(e.number());
      return null;
    }

    /** The event's own change, then its status and the latest activity; a request without a row is spam. */
    private Void changed(RequestEvent event, UnaryOperator<InboxRow> own) {
      InboxRow row = rows.get(event.number());
      if (row != null) {
        row = own.apply(row).after(event, TimelineEntry.of(event, a -> a.id()).status());
        rows.put(row);
        logged(event, row);
      }
      return null;
    }

    private void logged(RequestEvent event, InboxRow row) {
      changes.add(new InboxChange(row.number(), type(event), text(event.at()), row.addresseeType(),
          row.addresseeId(), row.assigneeType(), row.assigneeId()));
    }
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
