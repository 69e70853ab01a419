package al.tirana.councilline.feed;

import al.tirana.councilline.platform.sql.Sql;
import al.tirana.councilline.directory.NamingProjection;
import al.tirana.councilline.shared.Addressee;
import al.tirana.councilline.request.RequestEvent;
import al.tirana.councilline.request.RequestEvent.PriorityChanged;
import al.tirana.councilline.request.RequestEvent.RequestAssigned;
import al.tirana.councilline.request.RequestEvent.RequestClosed;
import al.tirana.councilline.request.RequestEvent.RequestReassigned;
import al.tirana.councilline.request.RequestEvent.RequestRejected;
import al.tirana.councilline.request.RequestEvent.RequestResolved;
import al.tirana.councilline.request.RequestEvent.RequestResponded;
import al.tirana.councilline.request.RequestEvent.RequestSubmitted;
import al.tirana.councilline.request.RequestEvent.RequestWithdrawn;
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
    String n = event.number();
    if (event instanceof RequestEvent.RequestMarkedAsSpam) {
      sql.write(n, "DELETE FROM accountability_entry WHERE number = ?", n);
      return;
    }
    AccountabilityBatch batch = sql.gathered(NAME, () -> AccountabilityBatch.read(sql), b -> b.write(sql));
    if (event instanceof RequestSubmitted e) {
      batch.submitted(n, e.addressee(), e.at(), e.dueAt());
      entry(e.addressee(), n, "RECEIVED", e.at(), "Received " + n + " (" + Wording.words(e.priority()) + ", "
          + Wording.words(e.category()) + "), due " + e.dueAt());
    } else if (event instanceof RequestAssigned e) {
      takeOver(batch, n, e.assignee(), e.at());
    } else if (event instanceof RequestReassigned e) {
      entry(e.from(), n, "HANDED_OVER", e.at(), "Handed " + n + " over to " + names.describe(e.to()));
      takeOver(batch, n, e.to(), e.at());
    } else if (event instanceof PriorityChanged e) {
      batch.dueAt(n, e.dueAt());
    } else if (event instanceof RequestResponded e) {
      String timing = e.at().isAfter(batch.dueAt(n)) ? "late" : "on time";
      entry(batch.owner(n), n, "ANSWERED", e.at(), "Answered " + n + " " + Wording.after(batch.submittedAt(n), e.at())
          + ", " + timing);
    } else if (event instanceof RequestResolved) {
      entry(batch.owner(n), n, "RESOLVED", event.at(), "Resolved " + n);
    } else if (event instanceof RequestClosed) {
      entry(batch.owner(n), n, "CLOSED", event.at(), "Closed " + n);
    } else if (event instanceof RequestRejected) {
      entry(batch.owner(n), n, "REJECTED", event.at(), "Rejected " + n);
    } else if (event instanceof RequestEvent.SlaClockStarted e) {
      batch.dueAt(n, e.dueAt());
    } else if (event instanceof RequestEvent.SlaBreached) {
      entry(batch.owner(n), n, "MISSED_DEADLINE", event.at(), "Missed the deadline for " + n);
    } else if (event instanceof RequestWithdrawn) {
      entry(batch.owner(n), n, "WITHDRAWN", event.at(), n + " was withdrawn by the citizen");
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
