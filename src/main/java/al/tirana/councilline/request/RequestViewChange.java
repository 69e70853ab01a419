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

  static RequestViewChange of(RequestEvent event, Status status, long version) {
    Addressee assignee = event instanceof RequestAssigned e ? e.assignee()
        : event instanceof RequestReassigned e ? e.to() : null;
    Priority priority = event instanceof PriorityChanged e ? e.to() : null;
    Instant dueAt = event instanceof PriorityChanged e ? e.dueAt()
        : event instanceof SlaClockStarted e ? e.dueAt() : null;
    return new RequestViewChange(status, priority, dueAt, assignee, event instanceof RequestEvent.RequestMarkedAsSpam,
        event.at(), version);
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

    Addressee assignee() {
      return assignee;
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
