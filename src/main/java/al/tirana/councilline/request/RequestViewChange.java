package al.tirana.councilline.request;

import al.tirana.councilline.shared.Status;
import al.tirana.councilline.shared.Addressee;
import al.tirana.councilline.shared.Priority;
import al.tirana.councilline.request.RequestEvent.PriorityChanged;
import al.tirana.councilline.request.RequestEvent.RequestAssigned;
import al.tirana.councilline.request.RequestEvent.RequestReassigned;
import al.tirana.councilline.request.RequestEvent.SlaClockStarted;
import java.time.Instant;

/**
 * What one event after the submission changes in a request's view row. A null field is left as it was; the last
 * activity and the version always move.
 */
record RequestViewChange(Status status, Priority priority, Instant dueAt, Addressee assignee, boolean spam,
                         Instant at, long version) {

  /**
   * What the event changes besides its status (which its timeline entry gives). Every event type is named here, so
   * a new one must be placed before the code compiles.
   */
  static RequestViewChange of(RequestEvent event, Status status, long version) {
    return switch (RequestEvent.Type.of(event)) {
      case REQUEST_ASSIGNED -> new RequestViewChange(status, null, null, ((RequestAssigned) event).assignee(), false, event.at(), version);
      case REQUEST_REASSIGNED -> new RequestViewChange(status, null, null, ((RequestReassigned) event).to(), false, event.at(), version);
      case PRIORITY_CHANGED -> new RequestViewChange(status, ((PriorityChanged) event).to(), ((PriorityChanged) event).dueAt(), null, false, event.at(), version);
      case SLA_CLOCK_STARTED -> new RequestViewChange(status, null, ((SlaClockStarted) event).dueAt(), null, false, event.at(), version);
      case REQUEST_MARKED_AS_SPAM -> new RequestViewChange(status, null, null, null, true, event.at(), version);
      case REQUEST_SUBMITTED, REQUEST_ACKNOWLEDGED, REQUEST_REFERRED_TO_DEPARTMENT, CITIZEN_INVITED_TO_MEETING,
          INTERNAL_NOTE_ADDED, REQUEST_RESPONDED, REQUEST_RESOLVED, REQUEST_CLOSED, REQUEST_REJECTED,
          REQUEST_WITHDRAWN, REQUEST_REOPENED, SLA_WARNING_ISSUED, SLA_BREACHED, BREACH_ESCALATED,
          CITIZEN_INFORMATION_REQUESTED, CITIZEN_ANSWERED, SLA_CLOCK_RESUMED, DEADLINE_EXTENDED,
          CITIZEN_RATED_RESPONSE, SUCCESS_STORY_PUBLISHED, SUCCESS_STORY_WITHDRAWN,
          PERSONAL_DATA_ERASED,
          CITIZEN_MESSAGE_ADDED, ACCESS_CODE_REISSUED -> new RequestViewChange(status, null, null, null, false, event.at(), version);
    };
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
          e.personalData().ciphertext(), e.accessCodeHash(), e.at(), dueAt, lastActivityAt, version,
          e.location() == null ? null : e.location().latitude(), e.location() == null ? null : e.location().longitude(),
          e.location() == null ? null : e.location().address()};
    }
  }
}
