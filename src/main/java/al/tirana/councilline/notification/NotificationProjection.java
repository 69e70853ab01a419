package al.tirana.councilline.notification;

import al.tirana.councilline.core.Sql;
import al.tirana.councilline.request.Addressee;
import al.tirana.councilline.request.RequestEvent;
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
public final class NotificationProjection {

  public static final String NAME = "notifications";

  private final Sql sql;
  private final Outbox outbox;
  private final String escalationFallback;

  public NotificationProjection(Sql sql, Outbox outbox, String escalationFallback) {
    this.sql = sql;
    this.outbox = outbox;
    this.escalationFallback = escalationFallback;
  }

  @EventHandler
  void on(RequestEvent event, @MessageIdentifier String eventId) {
    event.accept(new Mails(eventId));
  }

  /** Who is told of each event type: every event type is named here, so a new one must be decided on. */
  private final class Mails implements RequestEvent.Visitor<Void> {

    /** Part of every mail's key, so a replayed event queues nothing new. */
    private final String eventId;

    Mails(String eventId) {
      this.eventId = eventId;
    }

    @Override
    public Void on(RequestSubmitted e) {
      sql.write(e.number(), "INSERT INTO notification_request (number, addressee_type, addressee_id, "
              + "citizen_id, language) VALUES (?, ?, ?, ?::uuid, ?) ON CONFLICT (number) DO NOTHING", e.number(),
          e.addressee().type(), e.addressee().id(), e.personalData().citizenId(), e.language());
      return null;
    }

    @Override
    public Void on(RequestAcknowledged e) {
      return null;
    }

    @Override
    public Void on(RequestAssigned e) {
      assign(eventId, e.number(), e.assignee());
      return null;
    }

    @Override
    public Void on(RequestReassigned e) {
      assign(eventId, e.number(), e.to());
      return null;
    }

    @Override
    public Void on(RequestReferredToDepartment e) {
      return null;
    }

    @Override
    public Void on(CitizenInvitedToMeeting e) {
      return null;
    }

    @Override
    public Void on(InternalNoteAdded e) {
      return null;
    }

    @Override
    public Void on(PriorityChanged e) {
      return null;
    }

    @Override
    public Void on(RequestResponded e) {
      toCitizen(eventId, e.number(), Template.RESPONSE, Map.of("message", e.message()));
      return null;
    }

    @Override
    public Void on(RequestResolved e) {
      toCitizen(eventId, e.number(), Template.RESOLVED, Map.of());
      return null;
    }

    @Override
    public Void on(RequestClosed e) {
      return null;
    }

    @Override
    public Void on(RequestRejected e) {
      return null;
    }

    @Override
    public Void on(RequestWithdrawn e) {
      return null;
    }

    @Override
    public Void on(RequestReopened e) {
      return null;
    }

    @Override
    public Void on(SlaClockStarted e) {
      return null;
    }

    @Override
    public Void on(SlaWarningIssued e) {
      toCounselors(eventId, e.number(), responsible(e.number()), Template.WARNING,
          Map.of("dueAt", e.dueAt().toString()));
      return null;
    }

    @Override
    public Void on(SlaBreached e) {
      toCounselors(eventId, e.number(), responsible(e.number()), Template.BREACH,
          Map.of("dueAt", e.dueAt().toString()));
      return null;
    }

    @Override
    public Void on(BreachEscalated e) {
      String n = e.number();
      String to = e.escalatedTo() == null || e.escalatedTo().isBlank() ? escalationFallback : e.escalatedTo();
      outbox.enqueue(eventId + ":" + to + ":" + Template.ESCALATION, Template.ESCALATION, n, to, "sq",
          Map.of("addressee", responsible(n).type().name().toLowerCase() + " " + responsible(n).id()));
      return null;
    }

    @Override
    public Void on(CitizenInformationRequested e) {
      toCitizen(eventId, e.number(), Template.INFORMATION_REQUESTED, Map.of("message", e.message()));
      return null;
    }

    @Override
    public Void on(CitizenAnswered e) {
      return null;
    }

    @Override
    public Void on(SlaClockResumed e) {
      return null;
    }

    @Override
    public Void on(DeadlineExtended e) {
      return null;
    }

    @Override
    public Void on(CitizenRatedResponse e) {
      return null;
    }

    @Override
    public Void on(SuccessStoryPublished e) {
      return null;
    }

    @Override
    public Void on(SuccessStoryWithdrawn e) {
      return null;
    }

    @Override
    public Void on(PersonalDataErased e) {
      return null;
    }

    @Override
    public Void on(RequestMarkedAsSpam e) {
      return null;
    }
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
