package al.tirana.councilline.request;

import al.tirana.councilline.core.Json;
import al.tirana.councilline.core.Sql;
import al.tirana.councilline.request.RequestEvent.PriorityChanged;
import al.tirana.councilline.request.RequestEvent.RequestAssigned;
import al.tirana.councilline.request.RequestEvent.RequestReassigned;
import al.tirana.councilline.request.RequestEvent.RequestReopened;
import al.tirana.councilline.request.RequestEvent.RequestSubmitted;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;

/**
 * request_view and request_timeline (projections/V2__request_view.sql). Runs inside the command's transaction:
 * the HTTP layer answers every command with this view, so it must already contain the command's effect. The writes
 * are held back until the command prepares its commit and then sent as JDBC batches (Sql.write): a submission's
 * view row and two timeline rows take three round trips instead of four.
 */
@ProcessingGroup(RequestViewProjection.NAME)
public final class RequestViewProjection {

  public static final String NAME = "request-view";

  /**
   * The timeline's rows are written under their own key, apart from the view row's: a command's timeline rows then
   * go in as one batch, instead of taking turns with the view row's statements.
   */
  private static final String TIMELINE = "timeline ";

  private final Sql sql;
  private final AddresseeDirectory directory;

  public RequestViewProjection(Sql sql, AddresseeDirectory directory) {
    this.sql = sql;
    this.directory = directory;
  }

  @EventHandler
  void on(RequestEvent event, @SequenceNumber long seq) {
    TimelineEntry entry = TimelineEntry.of(event, this::nameOf);
    if (event instanceof RequestSubmitted e) {
      // the row starts with what the common update below would set: status, last activity, version
      sql.write(e.number(), "INSERT INTO request_view (number, status, kind, priority, category, addressee_type, "
              + "addressee_id, channel, administrative_unit, language, citizen_id, sealed_personal_data, "
              + "access_code_hash, submitted_at, due_at, last_activity_at, version) "
              + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::uuid, ?, ?, ?, ?, ?, ?)",
          e.number(), Status.SUBMITTED, e.kind(), e.priority(), e.category(), e.addressee().type(),
          e.addressee().id(), e.channel(), e.administrativeUnit(), e.language(), e.personalData().citizenId(),
          e.personalData().ciphertext(), e.accessCodeHash(), e.at(), e.dueAt(), e.at(), seq);
    } else {
      update(event, event instanceof RequestReopened ? reopenedStatus(event.number()) : entry.status(), seq);
    }
    sql.write(TIMELINE + event.number(), "INSERT INTO request_timeline (number, seq, type, at, internal, summary, "
            + "detail, actor_role, actor_id) VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)",
        event.number(), seq, event.getClass().getSimpleName(), event.at(), entry.internal(), entry.summary(),
        json(entry), event.by().role(), event.by().id());
  }

  /**
   * Everything an event changes in the row, in one statement (a column the event does not touch is bound to null
   * and kept): a submission's two events had cost four statements on the view.
   */
  private void update(RequestEvent event, Status status, long seq) {
    Addressee assignee = event instanceof RequestAssigned e ? e.assignee()
        : event instanceof RequestReassigned e ? e.to() : null;
    Priority priority = event instanceof PriorityChanged e ? e.to() : null;
    Instant dueAt = event instanceof PriorityChanged e ? e.dueAt()
        : event instanceof RequestEvent.SlaClockStarted e ? e.dueAt() : null;
    sql.write(event.number(), "UPDATE request_view SET status = COALESCE(?, status), "
            + "priority = COALESCE(?, priority), due_at = COALESCE(?, due_at), "
            + "assignee_type = COALESCE(?, assignee_type), assignee_id = COALESCE(?, assignee_id), spam = spam OR ?, "
            + "last_activity_at = ?, version = ? "
            + "WHERE number = ?", status == null ? null : status.name(), priority == null ? null : priority.name(),
        dueAt, assignee == null ? null : assignee.type().name(), assignee == null ? null : assignee.id(),
        event instanceof RequestEvent.RequestMarkedAsSpam, event.at(), seq, event.number());
  }

  private Status reopenedStatus(String number) {
    return sql.single("SELECT assignee_id FROM request_view WHERE number = ?", number).isPresent()
        ? Status.ASSIGNED : Status.ACKNOWLEDGED;
  }

  /**
   * Counselors and commissions are public bodies, so their names may appear in public summaries. The command has
   * usually just checked the addressee, and the directory answers from that read.
   */
  private String nameOf(Addressee addressee) {
    String name = directory.name(addressee).orElse(addressee.id());
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
