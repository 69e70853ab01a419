package al.tirana.councilline.request;

import al.tirana.councilline.shared.Status;
import al.tirana.councilline.shared.Addressee;
import al.tirana.councilline.platform.config.Config;
import al.tirana.councilline.platform.json.IsoInstants;
import al.tirana.councilline.request.RequestEvent.CitizenInvitedToMeeting;
import al.tirana.councilline.request.RequestEvent.InternalNoteAdded;
import al.tirana.councilline.request.RequestEvent.PriorityChanged;
import al.tirana.councilline.request.RequestEvent.RequestAcknowledged;
import al.tirana.councilline.request.RequestEvent.RequestAssigned;
import al.tirana.councilline.request.RequestEvent.RequestClosed;
import al.tirana.councilline.request.RequestEvent.RequestReassigned;
import al.tirana.councilline.request.RequestEvent.RequestReferredToDepartment;
import al.tirana.councilline.request.RequestEvent.RequestRejected;
import al.tirana.councilline.request.RequestEvent.RequestReopened;
import al.tirana.councilline.request.RequestEvent.RequestResolved;
import al.tirana.councilline.request.RequestEvent.RequestResponded;
import al.tirana.councilline.request.RequestEvent.RequestSubmitted;
import al.tirana.councilline.request.RequestEvent.RequestWithdrawn;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * How one event reads in a request's timeline: a sentence safe for the public, the details only the citizen and the
 * council may see, whether it is internal, and the status it leads to ({@code null}: unchanged; for a reopening
 * the caller decides, as it depends on whether the request was ever assigned).
 */
public record TimelineEntry(String summary, Map<String, Object> detail, boolean internal, Status status) {

  public static TimelineEntry of(RequestEvent event, Function<Addressee, String> names) {
    if (event instanceof RequestSubmitted e) {
      return new TimelineEntry("Submitted to " + names.apply(e.addressee()) + " ("
          + e.channel().name().toLowerCase() + ")", null, false, Status.SUBMITTED);
    } else if (event instanceof RequestAcknowledged) {
      return new TimelineEntry("Acknowledged by the council", null, false, Status.ACKNOWLEDGED);
    } else if (event instanceof RequestAssigned e) {
      return new TimelineEntry("Assigned to " + names.apply(e.assignee()), null, false, Status.ASSIGNED);
    } else if (event instanceof RequestReassigned e) {
      return new TimelineEntry("Reassigned from " + names.apply(e.from()) + " to " + names.apply(e.to()), null, false,
          Status.ASSIGNED);
    } else if (event instanceof RequestReferredToDepartment e) {
      return new TimelineEntry("Referred to the municipal department: " + e.department(),
          detail("department", e.department(), "note", e.note()), false, Status.REFERRED);
    } else if (event instanceof CitizenInvitedToMeeting e) {
      return new TimelineEntry("The citizen was invited to a council meeting",
          detail("meetingAt", IsoInstants.format(e.meetingAt()), "place", e.place()), false, null);
    } else if (event instanceof InternalNoteAdded e) {
      return new TimelineEntry("Internal note", detail("text", e.text()), true, null);
    } else if (event instanceof PriorityChanged e) {
      return new TimelineEntry("Priority changed from " + e.from() + " to " + e.to() + "; now due "
          + day(e.dueAt()), null, false, null);
    } else if (event instanceof RequestResponded e) {
      return new TimelineEntry("The council responded to the citizen", detail("message", e.message()), false,
          Status.RESPONDED);
    } else if (event instanceof RequestResolved) {
      return new TimelineEntry("Resolved", null, false, Status.RESOLVED);
    } else if (event instanceof RequestClosed) {
      return new TimelineEntry("Closed", null, false, Status.CLOSED);
    } else if (event instanceof RequestRejected e) {
      return new TimelineEntry("Rejected", detail("reason", e.reason()), false, Status.REJECTED);
    } else if (event instanceof RequestWithdrawn) {
      return new TimelineEntry("Withdrawn by the citizen", null, false, Status.WITHDRAWN);
    } else if (event instanceof RequestReopened e) {
      return new TimelineEntry("Reopened", detail("reason", e.reason()), false, null);
    } else if (event instanceof RequestEvent.SlaClockStarted e) {
      return new TimelineEntry("Response due " + day(e.dueAt()) + " (" + e.mode().toLowerCase()
          + " time, " + e.reason().toLowerCase().replace('_', ' ') + ")",
          detail("dueAt", IsoInstants.format(e.dueAt()), "warningAt", IsoInstants.format(e.warningAt()),
              "mode", e.mode(), "reason", e.reason(), "holidaysSkipped", e.holidaysSkipped()), true, null);
    } else if (event instanceof RequestEvent.SlaWarningIssued e) {
      return new TimelineEntry("The response deadline is near: due " + day(e.dueAt()), null, false, null);
    } else if (event instanceof RequestEvent.SlaBreached) {
      return new TimelineEntry("The response deadline passed without an answer", null, false, null);
    } else if (event instanceof RequestEvent.BreachEscalated e) {
      return new TimelineEntry("Escalated to " + e.escalatedTo(), null, true, null);
    } else if (event instanceof RequestEvent.CitizenInformationRequested e) {
      return new TimelineEntry("The council asked the citizen for more information; the clock is paused",
          detail("message", e.message()), false, Status.AWAITING_CITIZEN);
    } else if (event instanceof RequestEvent.CitizenAnswered e) {
      return new TimelineEntry("The citizen answered; the clock runs again", null, false, e.status());
    } else if (event instanceof RequestEvent.SlaClockResumed e) {
      return new TimelineEntry("The clock runs again", null, false, e.status());
    } else if (event instanceof RequestEvent.RequestMarkedAsSpam e) {
      return new TimelineEntry("Marked as spam", detail("reason", e.reason()), true, null);
    } else if (event instanceof RequestEvent.PersonalDataErased) {
      return new TimelineEntry("The citizen's personal data was erased at their request", null, false, null);
    } else if (event instanceof RequestEvent.SuccessStoryPublished e) {
      return new TimelineEntry("Published as a success story: " + e.title(), null, false, null);
    } else if (event instanceof RequestEvent.SuccessStoryWithdrawn) {
      return new TimelineEntry("The success story was withdrawn", null, false, null);
    } else if (event instanceof RequestEvent.CitizenRatedResponse e) {
      return new TimelineEntry("The citizen rated the response " + e.score() + "/5", detail("score", e.score()),
          false, null);
    } else if (event instanceof RequestEvent.DeadlineExtended e) {
      return new TimelineEntry("Deadline extended to " + day(e.to()) + ": " + e.reason(),
          detail("from", IsoInstants.format(e.from()), "to", IsoInstants.format(e.to()), "reason", e.reason()),
          false, null);
    }
    throw new IllegalArgumentException("No timeline entry for " + event.getClass().getSimpleName());
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
