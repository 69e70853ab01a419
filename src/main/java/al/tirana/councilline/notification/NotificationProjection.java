package al.tirana.councilline.notification;

import al.tirana.councilline.platform.sql.Sql;
import al.tirana.councilline.shared.Addressee;
import al.tirana.councilline.request.RequestEvent;
import al.tirana.councilline.request.RequestEvent.BreachEscalated;
import al.tirana.councilline.request.RequestEvent.CitizenInformationRequested;
import al.tirana.councilline.request.RequestEvent.RequestAssigned;
import al.tirana.councilline.request.RequestEvent.RequestReassigned;
import al.tirana.councilline.request.RequestEvent.RequestResponded;
import al.tirana.councilline.request.RequestEvent.RequestSubmitted;
import al.tirana.councilline.request.RequestEvent.SlaBreached;
import al.tirana.councilline.request.RequestEvent.SlaWarningIssued;
import java.util.List;
import java.util.Map;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.annotation.MessageIdentifier;

/**
 * Decides who is told what. Each mail is keyed by (event, recipient, template), so replaying this projection or
 * receiving an event twice queues nothing new: every mail is queued exactly once.
 */
@ProcessingGroup(NotificationProjection.NAME)
public record NotificationProjection(Sql sql, Outbox outbox, String escalationFallback) {

  public static final String NAME = "notifications";

  /** Every event type is named in the switch, so a new one must be placed before the code compiles. */
  @EventHandler
  void on(RequestEvent event, @MessageIdentifier String eventId) {
    String n = event.number();
    Runnable mails = switch (RequestEvent.Type.of(event)) {
      case REQUEST_SUBMITTED -> () -> known((RequestSubmitted) event);
      case REQUEST_ASSIGNED -> () -> assign(eventId, n, ((RequestAssigned) event).assignee());
      case REQUEST_REASSIGNED -> () -> assign(eventId, n, ((RequestReassigned) event).to());
      case REQUEST_RESPONDED -> () -> toCitizen(eventId, n, Template.RESPONSE,
          Map.of("message", ((RequestResponded) event).message()));
      case REQUEST_RESOLVED -> () -> toCitizen(eventId, n, Template.RESOLVED, Map.of());
      case SLA_WARNING_ISSUED -> () -> toCounselors(eventId, n, responsible(n), Template.WARNING,
          Map.of("dueAt", ((SlaWarningIssued) event).dueAt().toString()));
      case SLA_BREACHED -> () -> toCounselors(eventId, n, responsible(n), Template.BREACH,
          Map.of("dueAt", ((SlaBreached) event).dueAt().toString()));
      case BREACH_ESCALATED -> () -> escalated(eventId, (BreachEscalated) event);
      case CITIZEN_INFORMATION_REQUESTED -> () -> toCitizen(eventId, n, Template.INFORMATION_REQUESTED,
          Map.of("message", ((CitizenInformationRequested) event).message()));
      case REQUEST_ACKNOWLEDGED, REQUEST_REFERRED_TO_DEPARTMENT, CITIZEN_INVITED_TO_MEETING, INTERNAL_NOTE_ADDED,
          PRIORITY_CHANGED, REQUEST_CLOSED, REQUEST_REJECTED, REQUEST_WITHDRAWN, REQUEST_REOPENED, SLA_CLOCK_STARTED,
          CITIZEN_ANSWERED, SLA_CLOCK_RESUMED, DEADLINE_EXTENDED, CITIZEN_RATED_RESPONSE, SUCCESS_STORY_PUBLISHED,
          SUCCESS_STORY_WITHDRAWN, PERSONAL_DATA_ERASED, REQUEST_MARKED_AS_SPAM,
          CITIZEN_MESSAGE_ADDED, ACCESS_CODE_REISSUED -> () -> { };
    };
    mails.run();
  }

  private void known(RequestSubmitted e) {
    sql.write(e.number(), "INSERT INTO notification_request (number, addressee_type, addressee_id, citizen_id, "
            + "language) VALUES (?, ?, ?, ?::uuid, ?) ON CONFLICT (number) DO NOTHING", e.number(),
        e.addressee().type(), e.addressee().id(), e.personalData().citizenId(), e.language());
  }

  private void escalated(String eventId, BreachEscalated e) {
    String to = e.escalatedTo() == null || e.escalatedTo().isBlank() ? escalationFallback : e.escalatedTo();
    Addressee responsible = responsible(e.number());
    outbox.enqueue(eventId + ":" + to + ":" + Template.ESCALATION, Template.ESCALATION, e.number(), to, "sq",
        Map.of("addressee", responsible.type().name().toLowerCase() + " " + responsible.id()));
  }

  private void assign(String eventId, String number, Addressee assignee) {
    sql.write(number, "UPDATE notification_request SET assignee_type = ?, assignee_id = ? WHERE number = ?",
        assignee.type(), assignee.id(), number);
    toCounselors(eventId, number, assignee, Template.ASSIGNED, Map.of());
  }

  private void toCitizen(String eventId, String number, Template template, Map<String, Object> payload) {
    String citizen = "citizen:" + sql.single("SELECT citizen_id FROM notification_request WHERE number = ?", number)
        .orElseThrow();
    String language = sql.single("SELECT language FROM notification_request WHERE number = ?", number).orElse("sq");
    outbox.enqueue(eventId + ":" + citizen + ":" + template, template, number, citizen, language, payload);
  }

  /** A counselor's official address, or every active member's when the responsible party is a commission. */
  private void toCounselors(String eventId, String number, Addressee who, Template template,
                            Map<String, Object> payload) {
    for (String email : officialEmails(who)) {
      outbox.enqueue(eventId + ":" + email + ":" + template, template, number, email, "sq", payload);
    }
  }

  private List<String> officialEmails(Addressee who) {
    String query = who.type() == Addressee.Type.COUNSELOR
        ? "SELECT string_agg(official_email, ',') FROM directory_counselor WHERE id = ? AND active"
        : "SELECT string_agg(official_email, ',') FROM directory_counselor WHERE ? = ANY(commission_ids) AND active";
    return sql.single(query, who.id()).map(list -> List.of(list.split(","))).orElse(List.of());
  }

  private Addressee responsible(String number) {
    String type = sql.single("SELECT COALESCE(assignee_type, addressee_type) FROM notification_request "
        + "WHERE number = ?", number).orElseThrow();
    String id = sql.single("SELECT COALESCE(assignee_id, addressee_id) FROM notification_request WHERE number = ?",
        number).orElseThrow();
    return new Addressee(Addressee.Type.valueOf(type), id);
  }

  /** The outbox is not emptied: its dedupe keys are what stop a replay from mailing anyone twice. */
  @ResetHandler
  void reset() {
    sql.update("TRUNCATE notification_request");
  }
}
