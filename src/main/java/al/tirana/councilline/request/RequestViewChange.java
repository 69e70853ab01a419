package al.tirana.councilline.request;

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

/**
 * What one event after the submission changes in a request's view row. A null field is left as it was; the last
 * activity and the version always move.
 */
record RequestViewChange(Status status, Priority priority, Instant dueAt, Addressee assignee, boolean spam,
                         Instant at, long version) {

  static RequestViewChange of(RequestEvent event, Status status, long version) {
    return event.accept(new Changes(status, version));
  }

  /**
   * What each event type changes besides the status (which its timeline entry gives): every event type is named
   * here, so a new one must be decided on.
   */
  private record Changes(Status status, long version) implements RequestEvent.Visitor<RequestViewChange> {

    @Override
    public RequestViewChange on(RequestSubmitted e) {
      return new RequestViewChange(status, null, null, null, false, e.at(), version);
    }

    @Override
    public RequestViewChange on(RequestAcknowledged e) {
      return new RequestViewChange(status, null, null, null, false, e.at(), version);
    }

    @Override
    public RequestViewChange on(RequestAssigned e) {
      return new RequestViewChange(status, null, null, e.assignee(), false, e.at(), version);
    }

    @Override
    public RequestViewChange on(RequestReassigned e) {
      return new RequestViewChange(status, null, null, e.to(), false, e.at(), version);
    }

    @Override
    public RequestViewChange on(RequestReferredToDepartment e) {
      return new RequestViewChange(status, null, null, null, false, e.at(), version);
    }

    @Override
    public RequestViewChange on(CitizenInvitedToMeeting e) {
      return new RequestViewChange(status, null, null, null, false, e.at(), version);
    }

    @Override
    public RequestViewChange on(InternalNoteAdded e) {
      return new RequestViewChange(status, null, null, null, false, e.at(), version);
    }

    @Override
    public RequestViewChange on(PriorityChanged e) {
      return new RequestViewChange(status, e.to(), e.dueAt(), null, false, e.at(), version);
    }

    @Override
    public RequestViewChange on(RequestResponded e) {
      return new RequestViewChange(status, null, null, null, false, e.at(), version);
    }

    @Override
    public RequestViewChange on(RequestResolved e) {
      return new RequestViewChange(status, null, null, null, false, e.at(), version);
    }

    @Override
    public RequestViewChange on(RequestClosed e) {
      return new RequestViewChange(status, null, null, null, false, e.at(), version);
    }

    @Override
    public RequestViewChange on(RequestRejected e) {
      return new RequestViewChange(status, null, null, null, false, e.at(), version);
    }

    @Override
    public RequestViewChange on(RequestWithdrawn e) {
      return new RequestViewChange(status, null, null, null, false, e.at(), version);
    }

    @Override
    public RequestViewChange on(RequestReopened e) {
      return new RequestViewChange(status, null, null, null, false, e.at(), version);
    }

    @Override
    public RequestViewChange on(SlaClockStarted e) {
      return new RequestViewChange(status, null, e.dueAt(), null, false, e.at(), version);
    }

    @Override
    public RequestViewChange on(SlaWarningIssued e) {
      return new RequestViewChange(status, null, null, null, false, e.at(), version);
    }

    @Override
    public RequestViewChange on(SlaBreached e) {
      return new RequestViewChange(status, null, null, null, false, e.at(), version);
    }

    @Override
    public RequestViewChange on(BreachEscalated e) {
      return new RequestViewChange(status, null, null, null, false, e.at(), version);
    }

    @Override
    public RequestViewChange on(CitizenInformationRequested e) {
      return new RequestViewChange(status, null, null, null, false, e.at(), version);
    }

    @Override
    public RequestViewChange on(CitizenAnswered e) {
      return new RequestViewChange(status, null, null, null, false, e.at(), version);
    }

    @Override
    public RequestViewChange on(SlaClockResumed e) {
      return new RequestViewChange(status, null, null, null, false, e.at(), version);
    }

    @Override
    public RequestViewChange on(DeadlineExtended e) {
      return new RequestViewChange(status, null, null, null, false, e.at(), version);
    }

    @Override
    public RequestViewChange on(CitizenRatedResponse e) {
      return new RequestViewChange(status, null, null, null, false, e.at(), version);
    }

    @Override
    public RequestViewChange on(SuccessStoryPublished e) {
      return new RequestViewChange(status, null, null, null, false, e.at(), version);
    }

    @Override
    public RequestViewChange on(SuccessStoryWithdrawn e) {
      return new RequestViewChange(status, null, null, null, false, e.at(), version);
    }

    @Override
    public RequestViewChange on(PersonalDataErased e) {
      return new RequestViewChange(status, null, null, null, false, e.at(), version);
    }

    @Override
    public RequestViewChange on(RequestMarkedAsSpam e) {
      return new RequestViewChange(status, null, null, null, true, e.at(), version);
    }
  }

  /** The row of a request submitted in the same command: changed in memory, before it is written at all. */
  static final class NewRow {

    private final RequestEvent.RequestSubmitted submitted;
    private Status status = Status.SUBMITTED;
    private Priority priority;
    private Instant dueAt;
    private Addressee assignee;
    private boolean spam;
    private Instant lastActivityAt;
    private long version;

    NewRow(RequestEvent.RequestSubmitted submitted, long version) {
      this.submitted = submitted;
      this.priority = submitted.priority();
      this.dueAt = submitted.dueAt();
      this.lastActivityAt = submitted.at();
      this.version = version;
    }

    void apply(RequestViewChange change) {
      status = change.status() != null ? change.status() : status;
      priority = change.priority() != null ? change.priority() : priority;
      dueAt = change.dueAt() != null ? change.dueAt() : dueAt;
      assignee = change.assignee() != null ? change.assignee() : assignee;
      spam = spam || change.spam();
      lastActivityAt = change.at();
      version = change.version();
    }

    String number() {
      return submitted.number();
    }

    /** The values for RequestViewProjection's insert, in its column order. */
    Object[] values() {
      RequestEvent.RequestSubmitted e = submitted;
      return new Object[] {e.number(), status, e.kind(), priority, e.category(), e.addressee().type(),
          e.addressee().id(), assignee == null ? null : assignee.type().name(), assignee == null ? null : assignee.id(),
          spam, e.channel(), e.administrativeUnit(), e.language(), e.personalData().citizenId(),
          e.personalData().ciphertext(), e.accessCodeHash(), e.at(), dueAt, lastActivityAt, version};
    }
  }
}
