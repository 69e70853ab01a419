package al.tirana.councilline.request;

import al.tirana.councilline.core.Sql;
import al.tirana.councilline.request.RequestEvent.PriorityChanged;
import al.tirana.councilline.request.RequestEvent.RequestAssigned;
import al.tirana.councilline.request.RequestEvent.RequestReassigned;
import al.tirana.councilline.request.RequestEvent.RequestReopened;
import al.tirana.councilline.request.RequestEvent.RequestSubmitted;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;

/**
 * Counselor and commission inboxes: one row per request with what a counselor needs to prioritise, and a change
 * log that live inbox streams resume from. Internal notes count as activity: colleagues should notice them.
 */
@ProcessingGroup(InboxProjection.NAME)
public final class InboxProjection {

  public static final String NAME = "inbox";

  private final Sql sql;

  public InboxProjection(Sql sql) {
    this.sql = sql;
  }

  /**
   * Every event but a spam mark is this one statement (a submission inserts, anything else updates), so a batch's
   * events go out as one JDBC batch while their change log rows keep the events' order. The change row carries the
   * parties as the statement leaves them.
   */
  private static final String APPLY = "WITH created AS (INSERT INTO inbox_item (number, kind, category, priority, "
      + "status, addressee_type, addressee_id, administrative_unit, submitted_at, due_at, last_activity_at, "
      + "last_event) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?::timestamptz, ?::timestamptz, ?::timestamptz, ? "
      + "WHERE ?::boolean RETURNING number, addressee_type, addressee_id, assignee_type, assignee_id), "
      + "changed AS (UPDATE inbox_item SET status = COALESCE(?, status), priority = COALESCE(?, priority), "
      + "due_at = COALESCE(?::timestamptz, due_at), sla_state = COALESCE(?, sla_state), "
      + "assignee_type = COALESCE(?, assignee_type), assignee_id = COALESCE(?, assignee_id), "
      + "last_activity_at = ?::timestamptz, last_event = ? WHERE number = ? AND NOT ?::boolean "
      + "RETURNING number, addressee_type, addressee_id, assignee_type, assignee_id) "
      + "INSERT INTO inbox_change (number, type, at, addressee_type, addressee_id, assignee_type, assignee_id) "
      + "SELECT number, ?, ?::timestamptz, addressee_type, addressee_id, assignee_type, assignee_id "
      + "FROM (SELECT * FROM created UNION ALL SELECT * FROM changed) item";

  @EventHandler
  void on(RequestEvent event) {
    String n = event.number();
    if (event instanceof RequestEvent.RequestMarkedAsSpam) {
      sql.write(n, "DELETE FROM inbox_item WHERE number = ?", n);
      return;
    }
    Object[] created = new Object[12];
    boolean submitted = event instanceof RequestSubmitted;
    if (event instanceof RequestSubmitted e) {
      created = new Object[] {n, e.kind(), e.category(), e.priority(), Status.SUBMITTED, e.addressee().type(),
          e.addressee().id(), e.administrativeUnit(), e.at(), e.dueAt(), e.at(), type(e)};
    }
    Change change = Change.of(event);
    Status status = TimelineEntry.of(event, a -> a.id()).status();
    if (event instanceof RequestReopened) {
      status = sql.single("SELECT assignee_id FROM inbox_item WHERE number = ?", n).isPresent()
          ? Status.ASSIGNED : Status.ACKNOWLEDGED;
    }
    Object[] changed = {status == null ? null : status.name(), change.priority(), change.dueAt(), change.slaState(),
        change.assignee() == null ? null : change.assignee().type(),
        change.assignee() == null ? null : change.assignee().id(), event.at(), type(event), n, submitted};
    Object[] params = new Object[25];
    System.arraycopy(created, 0, params, 0, 12);
    params[12] = submitted;
    System.arraycopy(changed, 0, params, 13, 10);
    params[23] = type(event);
    params[24] = event.at();
    sql.append(NAME, n, APPLY, params);
  }

  /** What an event changes on an inbox row besides its status and activity; null: left as it is. */
  private record Change(Priority priority, Instant dueAt, String slaState, Addressee assignee) {

    static Change of(RequestEvent event) {
      if (event instanceof RequestAssigned e) {
        return new Change(null, null, null, e.assignee());
      } else if (event instanceof RequestReassigned e) {
        return new Change(null, null, null, e.to());
      } else if (event instanceof PriorityChanged e) {
        return new Change(e.to(), e.dueAt(), null, null);
      } else if (event instanceof RequestEvent.SlaClockStarted e) {
        return new Change(null, e.dueAt(), "ON_TRACK", null);
      } else if (event instanceof RequestEvent.SlaWarningIssued) {
        return new Change(null, null, "AT_RISK", null);
      } else if (event instanceof RequestEvent.SlaBreached) {
        return new Change(null, null, "OVERDUE", null);
      } else if (event instanceof RequestEvent.CitizenInformationRequested) {
        return new Change(null, null, "PAUSED", null);
      }
      return new Change(null, null, null, null);
    }
  }

  private static String type(RequestEvent event) {
    return event.getClass().getSimpleName();
  }

  @ResetHandler
  void reset() {
    sql.update("TRUNCATE inbox_item, inbox_change RESTART IDENTITY");
  }
}
