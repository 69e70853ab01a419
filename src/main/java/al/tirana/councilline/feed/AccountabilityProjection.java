package al.tirana.councilline.feed;

import al.tirana.councilline.core.Sql;
import al.tirana.councilline.directory.NamingProjection;
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
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;

/**
 * Per counselor and per commission: what they received, what they answered and when, on time or late. The
 * responsible party is the assignee once there is one, the addressee before. The requests' rows are kept per batch
 * in memory ({@link AccountabilityBatch}); the entries are appended in event order.
 */
@ProcessingGroup(AccountabilityProjection.NAME)
public final class AccountabilityProjection extends NamingProjection {

  public static final String NAME = "accountability";

  public AccountabilityProjection(Sql sql) {
    super(sql, NAME);
  }

  @EventHandler
  void on(RequestEvent event) {
    event.accept(new Entries(event instanceof RequestMarkedAsSpam ? null
        : sql.gathered(NAME, () -> AccountabilityBatch.read(sql), b -> b.write(sql))));
  }

  /**
   * What each event type means for who answers for the request: every event type is named here, so a new one must
   * be decided on.
   */
  private final class Entries implements RequestEvent.Visitor<Void> {

    /** The batch's rows; none for a spam mark, which only removes entries. */
    private final AccountabilityBatch batch;

    Entries(AccountabilityBatch batch) {
      this.batch = batch;
    }

    @Override
    public Void on(RequestSubmitted e) {
      batch.submitted(e.number(), e.addressee(), e.at(), e.dueAt());
      entry(e.addressee(), e.number(), "RECEIVED", e.at(), "Received " + e.number() + " ("
          + Wording.words(e.priority()) + ", " + Wording.words(e.category()) + "), due " + e.dueAt());
      return null;
    }

    @Override
    public Void on(RequestAcknowledged e) {
      return null;
    }

    @Override
    public Void on(RequestAssigned e) {
      takeOver(batch, e.number(), e.assignee(), e.at());
      return null;
    }

    @Override
    public Void on(RequestReassigned e) {
      entry(e.from(), e.number(), "HANDED_OVER", e.at(), "Handed " + e.number() + " over to "
          + names.describe(e.to()));
      takeOver(batch, e.number(), e.to(), e.at());
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
      batch.dueAt(e.number(), e.dueAt());
      return null;
    }

    @Override
    public Void on(RequestResponded e) {
      String n = e.number();
      String timing = e.at().isAfter(batch.dueAt(n)) ? "late" : "on time";
      entry(batch.owner(n), n, "ANSWERED", e.at(), "Answered " + n + " " + Wording.after(batch.submittedAt(n), e.at())
          + ", " + timing);
      return null;
    }

    @Override
    public Void on(RequestResolved e) {
      entry(batch.owner(e.number()), e.number(), "RESOLVED", e.at(), "Resolved " + e.number());
      return null;
    }

    @Override
    public Void on(RequestClosed e) {
      entry(batch.owner(e.number()), e.number(), "CLOSED", e.at(), "Closed " + e.number());
      return null;
    }

    @Override
    public Void on(RequestRejected e) {
      entry(batch.owner(e.number()), e.number(), "REJECTED", e.at(), "Rejected " + e.number());
      return null;
    }

    @Override
    public Void on(RequestWithdrawn e) {
      entry(batch.owner(e.number()), e.number(), "WITHDRAWN", e.at(), e.number() + " was withdrawn by the citizen");
      return null;
    }

    @Override
    public Void on(RequestReopened e) {
      return null;
    }

    @Override
    public Void on(SlaClockStarted e) {
      batch.dueAt(e.number(), e.dueAt());
      return null;
    }

    @Override
    public Void on(SlaWarningIssued e) {
      return null;
    }

    @Override
    public Void on(SlaBreached e) {
      entry(batch.owner(e.number()), e.number(), "MISSED_DEADLINE", e.at(), "Missed the deadline for " + e.number());
      return null;
    }

    @Override
    public Void on(BreachEscalated e) {
      return null;
    }

    @Override
    public Void on(CitizenInformationRequested e) {
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
      sql.write(e.number(), "DELETE FROM accountability_entry WHERE number = ?", e.number());
      return null;
    }
  }

  private void takeOver(AccountabilityBatch batch, String number, Addressee assignee, Instant at) {
    batch.owner(number, assignee);
    entry(assignee, number, "ASSIGNED", at, "Was assigned " + number);
  }

  private void entry(Addressee owner, String number, String type, Instant at, String text) {
    sql.insertInOrder("accountability_entry", number, "INSERT INTO accountability_entry (owner_type, owner_id, "
        + "number, type, at, text) VALUES (?, ?, ?, ?, ?, ?)", owner.type(), owner.id(), number, type, at, text);
  }

  @ResetHandler
  void reset() {
    sql.update("TRUNCATE accountability_entry, accountability_request RESTART IDENTITY");
    names.reset();
  }
}
