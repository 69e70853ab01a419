package al.tirana.councilline.request;

import al.tirana.councilline.shared.Status;
import al.tirana.councilline.shared.Addressee;
import al.tirana.councilline.shared.Category;
import al.tirana.councilline.shared.Channel;
import al.tirana.councilline.shared.Priority;
import al.tirana.councilline.shared.Actor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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

  @Revision("1")
  record RequestSubmitted(String number, Kind kind, Priority priority, Category category, Addressee addressee,
                          SealedPersonalData personalData, String accessCodeHash, String language,
                          Integer administrativeUnit, Instant dueAt, Actor by, Instant at, Channel channel)
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

  @Revision("1")
  record RequestReopened(String number, String reason, Actor by, Instant at, Channel channel)
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
}
