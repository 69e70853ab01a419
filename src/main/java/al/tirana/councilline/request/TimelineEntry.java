package al.tirana.councilline.request;

import al.tirana.councilline.core.Config;
import al.tirana.councilline.core.IsoInstants;
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

  public static TimelineEntry of(RequestEvent event, Function<Addressee, String> names) {
    return event.accept(new Entries(names));
  }

  /** One entry per event type: a new event does not compile until it says how it reads in the timeline. */
  private record Entries(Function<Addressee, String> names) implements RequestEvent.Visitor<TimelineEntry> {

    @Override
    public TimelineEntry on(RequestSubmitted e) {
      return new TimelineEntry("Submitted to " + names.apply(e.addressee()) + " ("
          + e.channel().name().toLowerCase() + ")", null, false, Status.SUBMITTED);
    }

    @Override
    public TimelineEntry on(RequestAcknowledged e) {
      return new TimelineEntry("Acknowledged by the council", null, false, Status.ACKNOWLEDGED);
    }

    @Override
    public TimelineEntry on(RequestAssigned e) {
      return new TimelineEntry("Assigned to " + names.apply(e.assignee()), null, false, Status.ASSIGNED);
    }

    @Override
    public TimelineEntry on(RequestReassigned e) {
      return new TimelineEntry("Reassigned from " + names.apply(e.from()) + " to " + names.apply(e.to()), null,
          false, Status.ASSIGNED);
    }

    @Override
    public TimelineEntry on(RequestReferredToDepartment e) {
      return new TimelineEntry("Referred to the municipal department: " + e.department(),
          detail("department", e.department(), "note", e.note()), false, Status.REFERRED);
    }

    @Override
    public TimelineEntry on(CitizenInvitedToMeeting e) {
      return new TimelineEntry("The citizen was invited to a council meeting",
          detail("meetingAt", IsoInstants.format(e.meetingAt()), "place", e.place()), false, null);
    }

    @Override
    public TimelineEntry on(InternalNoteAdded e) {
      return new TimelineEntry("Internal note", detail("text", e.text()), true, null);
    }

    @Override
    public TimelineEntry on(PriorityChanged e) {
      return new TimelineEntry("Priority changed from " + e.from() + " to " + e.to() + "; now due "
          + day(e.dueAt()), null, false, null);
    }

    @Override
    public TimelineEntry on(RequestResponded e) {
      return new TimelineEntry("The council responded to the citizen", detail("message", e.message()), false,
          Status.RESPONDED);
    }

    @Override
    public TimelineEntry on(RequestResolved e) {
      return new TimelineEntry("Resolved", null, false, Status.RESOLVED);
    }

    @Override
    public TimelineEntry on(RequestClosed e) {
      return new TimelineEntry("Closed", null, false, Status.CLOSED);
    }

    @Override
    public TimelineEntry on(RequestRejected e) {
      return new TimelineEntry("Rejected", detail("reason", e.reason()), false, Status.REJECTED);
    }

    @Override
    public TimelineEntry on(RequestWithdrawn e) {
      return new TimelineEntry("Withdrawn by the citizen", null, false, Status.WITHDRAWN);
    }

    @Override
    public TimelineEntry on(RequestReopened e) {
      return new TimelineEntry("Reopened", detail("reason", e.reason()), false, e.status());
    }

    @Override
    public TimelineEntry on(SlaClockStarted e) {
      return new TimelineEntry("Response due " + day(e.dueAt()) + " (" + e.mode().toLowerCase()
          + " time, " + e.reason().toLowerCase().replace('_', ' ') + ")",
          detail("dueAt", IsoInstants.format(e.dueAt()), "warningAt", IsoInstants.format(e.warningAt()),
              "mode", e.mode(), "reason", e.reason(), "holidaysSkipped", e.holidaysSkipped()), true, null);
    }

    @Override
    public TimelineEntry on(SlaWarningIssued e) {
      return new TimelineEntry("The response deadline is near: due " + day(e.dueAt()), null, false, null);
    }

    @Override
    public TimelineEntry on(SlaBreached e) {
      return new TimelineEntry("The response deadline passed without an answer", null, false, null);
    }

    @Override
    public TimelineEntry on(BreachEscalated e) {
      return new TimelineEntry("Escalated to " + e.escalatedTo(), null, true, null);
    }

    @Override
    public TimelineEntry on(CitizenInformationRequested e) {
      return new TimelineEntry("The council asked the citizen for more information; the clock is paused",
          detail("message", e.message()), false, Status.AWAITING_CITIZEN);
    }

    @Override
    public TimelineEntry on(CitizenAnswered e) {
      return new TimelineEntry("The citizen answered; the clock runs again", null, false, e.status());
    }

    @Override
    public TimelineEntry on(SlaClockResumed e) {
      return new TimelineEntry("The clock runs again", null, false, e.status());
    }

    @Override
    public TimelineEntry on(RequestMarkedAsSpam e) {
      return new TimelineEntry("Marked as spam", detail("reason", e.reason()), true, null);
    }

    @Override
    public TimelineEntry on(PersonalDataErased e) {
      return new TimelineEntry("The citizen's personal data was erased at their request", null, false, null);
    }

    @Override
    public TimelineEntry on(SuccessStoryPublished e) {
      return new TimelineEntry("Published as a success story: " + e.title(), null, false, null);
    }

    @Override
    public TimelineEntry on(SuccessStoryWithdrawn e) {
      return new TimelineEntry("The success story was withdrawn", null, false, null);
    }

    @Override
    public TimelineEntry on(CitizenRatedResponse e) {
      return new TimelineEntry("The citizen rated the response " + e.score() + "/5", detail("score", e.score()),
          false, null);
    }

    @Override
    public TimelineEntry on(DeadlineExtended e) {
      return new TimelineEntry("Deadline extended to " + day(e.to()) + ": " + e.reason(),
          detail("from", IsoInstants.format(e.from()), "to", IsoInstants.format(e.to()), "reason", e.reason()),
          false, null);
    }
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
