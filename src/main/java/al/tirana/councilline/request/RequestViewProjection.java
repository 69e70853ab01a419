package al.tirana.councilline.request;

import al.tirana.councilline.core.Json;
import al.tirana.councilline.core.Sql;
import al.tirana.councilline.request.RequestEvent.PriorityChanged;
import al.tirana.councilline.request.RequestEvent.RequestAssigned;
import al.tirana.councilline.request.RequestEvent.RequestReassigned;
import al.tirana.councilline.request.RequestEvent.RequestReopened;
import al.tirana.councilline.request.RequestEvent.RequestSubmitted;
import com.fasterxml.jackson.core.JsonProcessingException;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;

/**
 * request_view and request_timeline (projections/V2__request_view.sql). Runs inside the command's transaction:
 * the HTTP layer answers every command with this view, so it must already contain the command's effect.
 */
@ProcessingGroup(RequestViewProjection.NAME)
public final class RequestViewProjection {

  public static final String NAME = "request-view";

  private final Sql sql;

  public RequestViewProjection(Sql sql) {
    this.sql = sql;
  }

  @EventHandler
  void on(RequestEvent event, @SequenceNumber long seq) {
    if (event instanceof RequestSubmitted e) {
      sql.update("INSERT INTO request_view (number, status, kind, priority, category, addressee_type, addressee_id, "
              + "channel, administrative_unit, language, citizen_id, sealed_personal_data, access_code_hash, "
              + "submitted_at, due_at, last_activity_at, version) "
              + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::uuid, ?, ?, ?, ?, ?, ?)",
          e.number(), Status.SUBMITTED, e.kind(), e.priority(), e.category(), e.addressee().type(),
          e.addressee().id(), e.channel(), e.administrativeUnit(), e.language(), e.personalData().citizenId(),
          e.personalData().ciphertext(), e.accessCodeHash(), e.at(), e.dueAt(), e.at(), seq);
    } else if (event instanceof RequestAssigned e) {
      assign(e.number(), e.assignee());
    } else if (event instanceof RequestReassigned e) {
      assign(e.number(), e.to());
    } else if (event instanceof PriorityChanged e) {
      sql.update("UPDATE request_view SET priority = ?, due_at = ? WHERE number = ?", e.to(), e.dueAt(), e.number());
    } else if (event instanceof RequestEvent.RequestMarkedAsSpam e) {
      sql.update("UPDATE request_view SET spam = TRUE WHERE number = ?", e.number());
    } else if (event instanceof RequestEvent.SlaClockStarted e) {
      sql.update("UPDATE request_view SET due_at = ? WHERE number = ?", e.dueAt(), e.number());
    }
    TimelineEntry entry = TimelineEntry.of(event, this::nameOf);
    Status status = event instanceof RequestReopened ? reopenedStatus(event.number()) : entry.status();
    sql.update("UPDATE request_view SET status = COALESCE(?, status), last_activity_at = ?, version = ? "
        + "WHERE number = ?", status == null ? null : status.name(), event.at(), seq, event.number());
    sql.update("INSERT INTO request_timeline (number, seq, type, at, internal, summary, detail, actor_role, actor_id) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)",
        event.number(), seq, event.getClass().getSimpleName(), event.at(), entry.internal(), entry.summary(),
        json(entry), event.by().role(), event.by().id());
  }

  private void assign(String number, Addressee assignee) {
    sql.update("UPDATE request_view SET assignee_type = ?, assignee_id = ? WHERE number = ?", assignee.type(),
        assignee.id(), number);
  }

  private Status reopenedStatus(String number) {
    return sql.single("SELECT assignee_id FROM request_view WHERE number = ?", number).isPresent()
        ? Status.ASSIGNED : Status.ACKNOWLEDGED;
  }

  /** Counselors and commissions are public bodies, so their names may appear in public summaries. */
  private String nameOf(Addressee addressee) {
    String query = addressee.type() == Addressee.Type.COUNSELOR
        ? "SELECT full_name FROM directory_counselor WHERE id = ?" : "SELECT name FROM directory_commission WHERE id = ?";
    String name = sql.single(query, addressee.id()).orElse(addressee.id());
    return addressee.type() == Addressee.Type.COUNSELOR ? "counselor " + name : "the " + name;
  }

  private static String json(TimelineEntry entry) {
    try {
      return entry.detail() == null ? null : Json.mapper().writeValueAsString(entry.detail());
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException(ex);
    }
  }
}
