package al.tirana.councilline.request;

import al.tirana.councilline.core.Sql;
import al.tirana.councilline.request.RequestEvent.PriorityChanged;
import al.tirana.councilline.request.RequestEvent.RequestAssigned;
import al.tirana.councilline.request.RequestEvent.RequestReassigned;
import al.tirana.councilline.request.RequestEvent.RequestReopened;
import al.tirana.councilline.request.RequestEvent.RequestSubmitted;
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

  @EventHandler
  void on(RequestEvent event) {
    if (event instanceof RequestEvent.RequestMarkedAsSpam) {
      sql.update("DELETE FROM inbox_item WHERE number = ?", event.number());
      return;
    }
    if (event instanceof RequestSubmitted e) {
      sql.update("INSERT INTO inbox_item (number, kind, category, priority, status, addressee_type, addressee_id, "
              + "administrative_unit, submitted_at, due_at, last_activity_at, last_event) "
              + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          e.number(), e.kind(), e.category(), e.priority(), Status.SUBMITTED, e.addressee().type(),
          e.addressee().id(), e.administrativeUnit(), e.at(), e.dueAt(), e.at(), type(e));
    } else if (event instanceof RequestAssigned e) {
      assign(e.number(), e.assignee());
    } else if (event instanceof RequestReassigned e) {
      assign(e.number(), e.to());
    } else if (event instanceof PriorityChanged e) {
      sql.update("UPDATE inbox_item SET priority = ?, due_at = ? WHERE number = ?", e.to(), e.dueAt(), e.number());
    } else if (event instanceof RequestEvent.SlaClockStarted e) {
      sql.update("UPDATE inbox_item SET due_at = ?, sla_state = 'ON_TRACK' WHERE number = ?", e.dueAt(),
          e.number());
    } else if (event instanceof RequestEvent.SlaWarningIssued e) {
      sql.update("UPDATE inbox_item SET sla_state = 'AT_RISK' WHERE number = ?", e.number());
    } else if (event instanceof RequestEvent.SlaBreached e) {
      sql.update("UPDATE inbox_item SET sla_state = 'OVERDUE' WHERE number = ?", e.number());
    } else if (event instanceof RequestEvent.CitizenInformationRequested e) {
      sql.update("UPDATE inbox_item SET sla_state = 'PAUSED' WHERE number = ?", e.number());
    }
    Status status = TimelineEntry.of(event, a -> a.id()).status();
    if (event instanceof RequestReopened) {
      status = sql.single("SELECT assignee_id FROM inbox_item WHERE number = ?", event.number()).isPresent()
          ? Status.ASSIGNED : Status.ACKNOWLEDGED;
    }
    // one round trip: the change log row carries the parties as the update leaves them
    sql.append(NAME, "WITH item AS (UPDATE inbox_item SET status = COALESCE(?, status), last_activity_at = ?, "
        + "last_event = ? WHERE number = ? RETURNING number, addressee_type, addressee_id, assignee_type, assignee_id) "
        + "INSERT INTO inbox_change (number, type, at, addressee_type, addressee_id, assignee_type, assignee_id) "
        + "SELECT number, ?, ?, addressee_type, addressee_id, assignee_type, assignee_id FROM item RETURNING position",
        status == null ? null : status.name(), event.at(), type(event), event.number(), type(event), event.at());
  }

  private void assign(String number, Addressee assignee) {
    sql.update("UPDATE inbox_item SET assignee_type = ?, assignee_id = ? WHERE number = ?", assignee.type(),
        assignee.id(), number);
  }

  private static String type(RequestEvent event) {
    return event.getClass().getSimpleName();
  }

  @ResetHandler
  void reset() {
    sql.update("TRUNCATE inbox_item, inbox_change RESTART IDENTITY");
  }
}
