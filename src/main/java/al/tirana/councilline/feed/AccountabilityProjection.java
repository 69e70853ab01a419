package al.tirana.councilline.feed;

import al.tirana.councilline.platform.sql.Sql;
import al.tirana.councilline.directory.NamingProjection;
import al.tirana.councilline.shared.Addressee;
import al.tirana.councilline.request.RequestEvent;
import al.tirana.councilline.request.RequestEvent.PriorityChanged;
import al.tirana.councilline.request.RequestEvent.RequestAssigned;
import al.tirana.councilline.request.RequestEvent.RequestReassigned;
import al.tirana.councilline.request.RequestEvent.RequestSubmitted;
import al.tirana.councilline.request.RequestEvent.SlaClockStarted;
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

  /** Every event type is named in the switch, so a new one must be placed before the code compiles. */
  @EventHandler
  void on(RequestEvent event) {
    String n = event.number();
    if (RequestEvent.Type.of(event) == RequestEvent.Type.REQUEST_MARKED_AS_SPAM) {
      sql.write(n, "DELETE FROM accountability_entry WHERE number = ?", n);
      return;
    }
    AccountabilityBatch batch = sql.gathered(NAME, () -> AccountabilityBatch.read(sql), b -> b.write(sql));
    Runnable change = switch (RequestEvent.Type.of(event)) {
      case REQUEST_SUBMITTED -> () -> received(batch, (RequestSubmitted) event);
      case REQUEST_ASSIGNED -> () -> takeOver(batch, n, ((RequestAssigned) event).assignee(), event.at());
      case REQUEST_REASSIGNED -> () -> handOver(batch, (RequestReassigned) event);
      case PRIORITY_CHANGED -> () -> batch.dueAt(n, ((PriorityChanged) event).dueAt());
      case REQUEST_RESPONDED -> () -> answered(batch, event);
      case REQUEST_RESOLVED -> () -> entry(batch.owner(n), n, "RESOLVED", event.at(), "Resolved " + n);
      case REQUEST_CLOSED -> () -> entry(batch.owner(n), n, "CLOSED", event.at(), "Closed " + n);
      case REQUEST_REJECTED -> () -> entry(batch.owner(n), n, "REJECTED", event.at(), "Rejected " + n);
      case REQUEST_WITHDRAWN -> () -> entry(batch.owner(n), n, "WITHDRAWN", event.at(), n + " was withdrawn by the citizen");
      case SLA_CLOCK_STARTED -> () -> batch.dueAt(n, ((SlaClockStarted) event).dueAt());
      case SLA_BREACHED -> () -> entry(batch.owner(n), n, "MISSED_DEADLINE", event.at(), "Missed the deadline for " + n);
      case REQUEST_ACKNOWLEDGED, REQUEST_REFERRED_TO_DEPARTMENT, CITIZEN_INVITED_TO_MEETING, INTERNAL_NOTE_ADDED,
          REQUEST_REOPENED, SLA_WARNING_ISSUED, BREACH_ESCALATED, CITIZEN_INFORMATION_REQUESTED, CITIZEN_ANSWERED,
          SLA_CLOCK_RESUMED, DEADLINE_EXTENDED, CITIZEN_RATED_RESPONSE, SUCCESS_STORY_PUBLISHED,
          SUCCESS_STORY_WITHDRAWN, PERSONAL_DATA_ERASED, REQUEST_MARKED_AS_SPAM,
          CITIZEN_MESSAGE_ADDED, ACCESS_CODE_REISSUED -> () -> { };
    };
    change.run();
  }

  private void received(AccountabilityBatch batch, RequestSubmitted e) {
    batch.submitted(e.number(), e.addressee(), e.at(), e.dueAt());
    entry(e.addressee(), e.number(), "RECEIVED", e.at(), "Received " + e.number() + " ("
        + Wording.words(e.priority()) + ", " + Wording.words(e.category()) + "), due " + e.dueAt());
  }

  private void handOver(AccountabilityBatch batch, RequestReassigned e) {
    entry(e.from(), e.number(), "HANDED_OVER", e.at(), "Handed " + e.number() + " over to "
        + names.describe(e.to()));
    takeOver(batch, e.number(), e.to(), e.at());
  }

  private void answered(AccountabilityBatch batch, RequestEvent e) {
    String n = e.number();
    String timing = e.at().isAfter(batch.dueAt(n)) ? "late" : "on time";
    entry(batch.owner(n), n, "ANSWERED", e.at(), "Answered " + n + " " + Wording.after(batch.submittedAt(n), e.at())
        + ", " + timing);
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
