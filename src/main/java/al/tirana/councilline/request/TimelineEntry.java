package al.tirana.councilline.request;

import al.tirana.councilline.platform.config.Config;
import al.tirana.councilline.platform.json.IsoInstants;
import al.tirana.councilline.request.RequestEvent.BreachEscalated;
import al.tirana.councilline.request.RequestEvent.CitizenAnswered;
import al.tirana.councilline.request.RequestEvent.CitizenInformationRequested;
import al.tirana.councilline.shared.Status;
import al.tirana.councilline.shared.Addressee;
import al.tirana.councilline.platform.config.Config;
import al.tirana.councilline.platform.json.IsoInstants;
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
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * How one event reads in a request's timeline: a sentence safe for the public, the details only the citizen and the
 * council may see, whether it is internal, and the status it leads to ({@code null}: unchanged). Every status comes
 * from the event itself, so each read model shows the status the request decided.
 */
public record TimelineEntry(String summary, Map<String, Object> detail, boolean internal, Status status) {

  /** Every event type is named in the switch, so a new one must be placed before the code compiles. */
  public static TimelineEntry of(RequestEvent event, Function<Addressee, String> names) {
    return switch (RequestEvent.Type.of(event)) {
      case REQUEST_SUBMITTED -> {
        RequestSubmitted e = (RequestSubmitted) event;
        yield new TimelineEntry("Submitted to " + names.apply(e.addressee()) + " ("
            + e.channel().name().toLowerCase() + ")", null, false, Status.SUBMITTED);
      }
      case REQUEST_ACKNOWLEDGED -> new TimelineEntry("Acknowledged by the council", null, false, Status.ACKNOWLEDGED);
      case REQUEST_ASSIGNED -> {
        RequestAssigned e = (RequestAssigned) event;
        yield new TimelineEntry("Assigned to " + names.apply(e.assignee()), null, false, Status.ASSIGNED);
      }
      case REQUEST_REASSIGNED -> {
        RequestReassigned e = (RequestReassigned) event;
        yield new TimelineEntry("Reassigned from " + names.apply(e.from()) + " to " + names.apply(e.to()), null,
            false, Status.ASSIGNED);
      }
      case REQUEST_REFERRED_TO_DEPARTMENT -> {
        RequestReferredToDepartment e = (RequestReferredToDepartment) event;
        yield new TimelineEntry("Referred to the municipal department: " + e.department(),
            detail("department", e.department(), "note", e.note()), false, Status.REFERRED);
      }
      case CITIZEN_INVITED_TO_MEETING -> {
        CitizenInvitedToMeeting e = (CitizenInvitedToMeeting) event;
        yield new TimelineEntry("The citizen was invited to a council meeting",
            detail("meetingAt", IsoInstants.format(e.meetingAt()), "place", e.place()), false, null);
      }
      case INTERNAL_NOTE_ADDED -> {
        InternalNoteAdded e = (InternalNoteAdded) event;
        yield new TimelineEntry("Internal note", detail("text", e.text()), true, null);
      }
      case PRIORITY_CHANGED -> {
        PriorityChanged e = (PriorityChanged) event;
        yield new TimelineEntry("Priority changed from " + e.from() + " to " + e.to() + "; now due "
            + day(e.dueAt()), null, false, null);
      }
      case REQUEST_RESPONDED -> {
        RequestResponded e = (RequestResponded) event;
        yield new TimelineEntry("The council responded to the citizen", detail("message", e.message()), false,
            Status.RESPONDED);
      }
      case REQUEST_RESOLVED -> new TimelineEntry("Resolved", null, false, Status.RESOLVED);
      case REQUEST_CLOSED -> new TimelineEntry("Closed", null, false, Status.CLOSED);
      case REQUEST_REJECTED -> {
        RequestRejected e = (RequestRejected) event;
        yield new TimelineEntry("Rejected", detail("reason", e.reason()), false, Status.REJECTED);
      }
      case REQUEST_WITHDRAWN -> new TimelineEntry("Withdrawn by the citizen", null, false, Status.WITHDRAWN);
      case REQUEST_REOPENED -> {
        RequestReopened e = (RequestReopened) event;
        yield new TimelineEntry("Reopened", detail("reason", e.reason()), false, e.status());
      }
      case SLA_CLOCK_STARTED -> {
        SlaClockStarted e = (SlaClockStarted) event;
        yield new TimelineEntry("Response due " + day(e.dueAt()) + " (" + e.mode().toLowerCase()
            + " time, " + e.reason().toLowerCase().replace('_', ' ') + ")",
            detail("dueAt", IsoInstants.format(e.dueAt()), "warningAt", IsoInstants.format(e.warningAt()),
                "mode", e.mode(), "reason", e.reason(), "holidaysSkipped", e.holidaysSkipped()), true, null);
      }
      case SLA_WARNING_ISSUED -> {
        SlaWarningIssued e = (SlaWarningIssued) event;
        yield new TimelineEntry("The response deadline is near: due " + day(e.dueAt()), null, false, null);
      }
      case SLA_BREACHED -> new TimelineEntry("The response deadline passed without an answer", null, false, null);
      case BREACH_ESCALATED -> {
        BreachEscalated e = (BreachEscalated) event;
        yield new TimelineEntry("Escalated to " + e.escalatedTo(), null, true, null);
      }
      case CITIZEN_INFORMATION_REQUESTED -> {
        CitizenInformationRequested e = (CitizenInformationRequested) event;
        yield new TimelineEntry("The council asked the citizen for more information; the clock is paused",
            detail("message", e.message()), false, Status.AWAITING_CITIZEN);
      }
      case CITIZEN_ANSWERED -> {
        CitizenAnswered e = (CitizenAnswered) event;
        yield new TimelineEntry("The citizen answered; the clock runs again", null, false, e.status());
      }
      case SLA_CLOCK_RESUMED -> {
        SlaClockResumed e = (SlaClockResumed) event;
        yield new TimelineEntry("The clock runs again", null, false, e.status());
      }
      case REQUEST_MARKED_AS_SPAM -> {
        RequestMarkedAsSpam e = (RequestMarkedAsSpam) event;
        yield new TimelineEntry("Marked as spam", detail("reason", e.reason()), true, null);
      }
      case PERSONAL_DATA_ERASED -> new TimelineEntry("The citizen's personal data was erased at their request", null, false, null);
      case SUCCESS_STORY_PUBLISHED -> {
        SuccessStoryPublished e = (SuccessStoryPublished) event;
        yield new TimelineEntry("Published as a success story: " + e.title(), null, false, null);
      }
      case SUCCESS_STORY_WITHDRAWN -> new TimelineEntry("The success story was withdrawn", null, false, null);
      case CITIZEN_RATED_RESPONSE -> {
        CitizenRatedResponse e = (CitizenRatedResponse) event;
        yield new TimelineEntry("The citizen rated the response " + e.score() + "/5", detail("score", e.score()),
            false, null);
      }
      case DEADLINE_EXTENDED -> {
        DeadlineExtended e = (DeadlineExtended) event;
        yield new TimelineEntry("Deadline extended to " + day(e.to()) + ": " + e.reason(),
            detail("from", IsoInstants.format(e.from()), "to", IsoInstants.format(e.to()), "reason", e.reason()),
            false, null);
      }
      case CITIZEN_MESSAGE_ADDED -> {
        // the text stays sealed: staff and the counselor read it opened with the citizen's key (RequestViews)
        RequestEvent.CitizenMessageAdded e = (RequestEvent.CitizenMessageAdded) event;
        yield new TimelineEntry("The citizen wrote a message (" + e.channel().name().toLowerCase() + ")",
            detail("sealedMessage", e.message().ciphertext()), false, null);
      }
      case ACCESS_CODE_REISSUED ->
          new TimelineEntry("A new access code was sent to the citizen at their request", null, false, null);
    };
  }

  static Map<String, Object> detail(Object... keyValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      if (keyValues[i + 1] != null) {
        map.put((String) keyValues[i], keyValues[i + 1]);
      }
    }
    return map;
  }

  /** The calendar day in Tirana, as ISO_LOCAL_DATE writes it. */
  private static String day(Instant instant) {
    return LocalDate.ofInstant(instant, Config.ZONE).toString();
  }
}
