package al.tirana.councilline.request;

import al.tirana.councilline.shared.Status;
import al.tirana.councilline.shared.Addressee;
import al.tirana.councilline.shared.Category;
import al.tirana.councilline.shared.Channel;
import al.tirana.councilline.shared.Priority;
import al.tirana.councilline.shared.Actor;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.serialization.Revision;

/**
 * Everything that can happen to a citizen request. Each event says who did it, when and through which channel.
 * Citizen personal data and the text the citizen wrote travel only inside {@link SealedPersonalData}.
 * A change of shape means a new {@code @Revision} and an upcaster; the JSON Schemas live in events/catalog.
 */
public sealed interface RequestEvent {

  String number();

  Actor by();

  Instant at();

  Channel channel();

  /**
   * Every request event type. Each read model dispatches with one switch expression over it (no default), naming
   * each type and grouping those it ignores, so a new event type does not compile until every read model has placed
   * it (RequestEventTypeTest checks that each event class has its constant).
   */
  enum Type {
    REQUEST_SUBMITTED(RequestSubmitted.class),
    REQUEST_ACKNOWLEDGED(RequestAcknowledged.class),
    REQUEST_ASSIGNED(RequestAssigned.class),
    REQUEST_REASSIGNED(RequestReassigned.class),
    REQUEST_REFERRED_TO_DEPARTMENT(RequestReferredToDepartment.class),
    CITIZEN_INVITED_TO_MEETING(CitizenInvitedToMeeting.class),
    INTERNAL_NOTE_ADDED(InternalNoteAdded.class),
    PRIORITY_CHANGED(PriorityChanged.class),
    REQUEST_RESPONDED(RequestResponded.class),
    REQUEST_RESOLVED(RequestResolved.class),
    REQUEST_CLOSED(RequestClosed.class),
    REQUEST_REJECTED(RequestRejected.class),
    REQUEST_WITHDRAWN(RequestWithdrawn.class),
    REQUEST_REOPENED(RequestReopened.class),
    SLA_CLOCK_STARTED(SlaClockStarted.class),
    SLA_WARNING_ISSUED(SlaWarningIssued.class),
    SLA_BREACHED(SlaBreached.class),
    BREACH_ESCALATED(BreachEscalated.class),
    CITIZEN_INFORMATION_REQUESTED(CitizenInformationRequested.class),
    CITIZEN_ANSWERED(CitizenAnswered.class),
    SLA_CLOCK_RESUMED(SlaClockResumed.class),
    DEADLINE_EXTENDED(DeadlineExtended.class),
    CITIZEN_RATED_RESPONSE(CitizenRatedResponse.class),
    SUCCESS_STORY_PUBLISHED(SuccessStoryPublished.class),
    SUCCESS_STORY_WITHDRAWN(SuccessStoryWithdrawn.class),
    PERSONAL_DATA_ERASED(PersonalDataErased.class),
    REQUEST_MARKED_AS_SPAM(RequestMarkedAsSpam.class),
    CITIZEN_MESSAGE_ADDED(CitizenMessageAdded.class),
    ACCESS_CODE_REISSUED(AccessCodeReissued.class);

    private static final Map<Class<?>, Type> BY_CLASS = new HashMap<>();

    static {
      for (Type type : values()) {
        BY_CLASS.put(type.eventClass, type);
      }
    }

    private final Class<? extends RequestEvent> eventClass;

    Type(Class<? extends RequestEvent> eventClass) {
      this.eventClass = eventClass;
    }

    public static Type of(RequestEvent event) {
      return BY_CLASS.get(event.getClass());
    }

    public Class<? extends RequestEvent> eventClass() {
      return eventClass;
    }
  }

  /** Revision 2 added where the request is about ({@link Location}, null when not given); see LocationUpcaster. */
  @Revision("2")
  record RequestSubmitted(String number, Kind kind, Priority priority, Category category, Addressee addressee,
                          SealedPersonalData personalData, String accessCodeHash, String language,
                          Integer administrativeUnit, Instant dueAt, Actor by, Instant at, Channel channel,
                          Location location)
      implements RequestEvent {
  }

  @Revision("1")
  record RequestAcknowledged(String number, Actor by, Instant at, Channel channel) implements RequestEvent {
  }

  @Revision("1")
  record RequestAssigned(String number, Addressee assignee, Actor by, Instant at, Channel channel)
      implements RequestEvent {
  }

  @Revision("1")
  record RequestReassigned(String number, Addressee from, Addressee to, Actor by, Instant at, Channel channel)
      implements RequestEvent {
  }

  @Revision("1")
  record RequestReferredToDepartment(String number, String department, String note, Actor by, Instant at,
                                     Channel channel) implements RequestEvent {
  }

  @Revision("1")
  record CitizenInvitedToMeeting(String number, Instant meetingAt, String place, Actor by, Instant at,
                                 Channel channel) implements RequestEvent {
  }

  @Revision("1")
  record InternalNoteAdded(String number, String text, Actor by, Instant at, Channel channel)
      implements RequestEvent {
  }

  @Revision("1")
  record PriorityChanged(String number, Priority from, Priority to, Instant dueAt, Actor by, Instant at,
                         Channel channel) implements RequestEvent {
  }

  @Revision("1")
  record RequestResponded(String number, String message, Actor by, Instant at, Channel channel)
      implements RequestEvent {
  }

  @Revision("1")
  record RequestResolved(String number, Actor by, Instant at, Channel channel) implements RequestEvent {
  }

  @Revision("1")
  record RequestClosed(String number, Actor by, Instant at, Channel channel) implements RequestEvent {
  }

  @Revision("1")
  record RequestRejected(String number, String reason, Actor by, Instant at, Channel channel)
      implements RequestEvent {
  }

  @Revision("1")
  record RequestWithdrawn(String number, Actor by, Instant at, Channel channel) implements RequestEvent {
  }

  /**
   * A resolved, closed or rejected request was reopened; it returns to {@code status} (ASSIGNED if it was ever
   * assigned, else ACKNOWLEDGED), decided once by the request. Revision 1 did not carry the status: see
   * RequestReopenedUpcaster.
   */
  @Revision("2")
  record RequestReopened(String number, String reason, Status status, Actor by, Instant at, Channel channel)
      implements RequestEvent {
  }

  /**
   * The response clock (re)started: at submission, after a pause, an extension or a priority change. The deadline
   * ids are the durable timers' handles, kept so they can be cancelled by id.
   */
  @Revision("1")
  record SlaClockStarted(String number, Instant dueAt, Instant warningAt, String mode, List<String> holidaysSkipped,
                         String reason, String warningDeadlineId, String breachDeadlineId, Actor by, Instant at,
                         Channel channel) implements RequestEvent {
  }

  @Revision("1")
  record SlaWarningIssued(String number, Instant dueAt, Actor by, Instant at, Channel channel)
      implements RequestEvent {
  }

  @Revision("1")
  record SlaBreached(String number, Instant dueAt, Actor by, Instant at, Channel channel) implements RequestEvent {
  }

  /** A breach was escalated to the commission's chair or the council secretariat. */
  @Revision("1")
  record BreachEscalated(String number, String escalatedTo, Actor by, Instant at, Channel channel)
      implements RequestEvent {
  }

  /** The council asked the citizen for information; the clock stops with {@code remaining} left. */
  @Revision("1")
  record CitizenInformationRequested(String number, String message, Duration remaining, Actor by, Instant at,
                                     Channel channel) implements RequestEvent {
  }

  /** The citizen answered an information request; their text is sealed with their own key. The request returns
   * to the status it had before the question. */
  @Revision("1")
  record CitizenAnswered(String number, SealedPersonalData answer, Status status, Actor by, Instant at,
                         Channel channel) implements RequestEvent {
  }

  /** Staff restarted a paused clock without waiting for the citizen. */
  @Revision("1")
  record SlaClockResumed(String number, Status status, Actor by, Instant at, Channel channel)
      implements RequestEvent {
  }

  @Revision("1")
  record DeadlineExtended(String number, Instant from, Instant to, String reason, Actor by, Instant at,
                          Channel channel) implements RequestEvent {
  }

  /** The citizen rated the council's latest response (1-5); the optional comment is sealed with their key. */
  @Revision("1")
  record CitizenRatedResponse(String number, int response, int score, SealedPersonalData comment, Actor by,
                              Instant at, Channel channel) implements RequestEvent {
  }

  /** Staff published a resolved request as a success story, with the citizen's consent recorded. */
  @Revision("1")
  record SuccessStoryPublished(String number, String title, String summary, String consentNote, Actor by,
                               Instant at, Channel channel) implements RequestEvent {
  }

  /** The citizen's consent was withdrawn: the story comes down. */
  @Revision("1")
  record SuccessStoryWithdrawn(String number, Actor by, Instant at, Channel channel) implements RequestEvent {
  }

  /**
   * The citizen's data key was deleted at their request: everything sealed with it, in every event and view, is
   * unreadable from now on, while the history of the request remains.
   */
  @Revision("1")
  record PersonalDataErased(String number, String citizenId, Actor by, Instant at, Channel channel)
      implements RequestEvent {
  }

  /** Staff judged the submission to be spam: it leaves every public view, and its clock stops. */
  @Revision("1")
  record RequestMarkedAsSpam(String number, String reason, Actor by, Instant at, Channel channel)
      implements RequestEvent {
  }

  /**
   * The citizen wrote again about their open request (on WhatsApp), outside an information request; the text is
   * sealed with their own key, so erasing the citizen erases it too.
   */
  @Revision("1")
  record CitizenMessageAdded(String number, SealedPersonalData message, Actor by, Instant at, Channel channel)
      implements RequestEvent {
  }

  /**
   * A citizen who had lost the access code asked for their open requests by e-mail: this request got a new code
   * (its digest replaces the old one's) and was listed in the mail of recovery {@code recoveryId}. Who asked is the
   * citizen's reference in {@code by}; the address itself is in no event.
   */
  @Revision("1")
  record AccessCodeReissued(String number, String accessCodeHash, String recoveryId, Actor by, Instant at,
                            Channel channel) implements RequestEvent {
  }
}
