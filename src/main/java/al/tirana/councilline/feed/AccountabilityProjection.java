package al.tirana.councilline.feed;

import al.tirana.councilline.core.Sql;
import al.tirana.councilline.directory.NamingProjection;
import al.tirana.councilline.request.Addressee;
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
import java.util.Map;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;

/**
 * Per counselor and per commission: what they received, what they answered and when, on time or late. The
 * responsible party is the assignee once there is one, the addressee before.
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
    if (event instanceof RequestSubmitted e) {
      owners().put(n, e.addressee());
      sql.write(n, "INSERT INTO accountability_request (number, owner_type, owner_id, submitted_at, due_at) "
          + "VALUES (?, ?, ?, ?, ?)", n, e.addressee().type(), e.addressee().id(), e.at(), e.dueAt());
      entry(e.addressee(), n, "RECEIVED", e.at(), "Received " + n + " (" + Wording.words(e.priority()) + ", "
          + Wording.words(e.category()) + "), due " + e.dueAt());
    } else if (event instanceof RequestAssigned e) {
      takeOver(n, e.assignee(), e.at());
    } else if (event instanceof RequestReassigned e) {
      entry(e.from(), n, "HANDED_OVER", e.at(), "Handed " + n + " over to " + names.describe(e.to()));
      takeOver(n, e.to(), e.at());
    } else if (event instanceof PriorityChanged e) {
      sql.write(n, "UPDATE accountability_request SET due_at = ? WHERE number = ?", e.dueAt(), n);
    } else if (event instanceof RequestResponded e) {
      Instant due = instant("due_at", n);
      String timing = e.at().isAfter(due) ? "late" : "on time";
      entry(owner(n), n, "ANSWERED", e.at(), "Answered " + n + " " + Wording.after(instant("submitted_at", n), e.at())
          + ", " + timing);
    } else if (event instanceof RequestResolved) {
      entry(owner(n), n, "RESOLVED", event.at(), "Resolved " + n);
    } else if (event instanceof RequestClosed) {
      entry(owner(n), n, "CLOSED", event.at(), "Closed " + n);
    } else if (event instanceof RequestRejected) {
      entry(owner(n), n, "REJECTED", event.at(), "Rejected " + n);
    } else if (event instanceof RequestEvent.SlaClockStarted e) {
      sql.write(n, "UPDATE accountability_request SET due_at = ? WHERE number = ?", e.dueAt(), n);
    } else if (event instanceof RequestEvent.SlaBreached) {
      entry(owner(n), n, "MISSED_DEADLINE", event.at(), "Missed the deadline for " + n);
    } else if (event instanceof RequestWithdrawn) {
      entry(owner(n), n, "WITHDRAWN", event.at(), n + " was withdrawn by the citizen");
    }
  }

  private void takeOver(String number, Addressee assignee, Instant at) {
    owners().put(number, assignee);
    sql.write(number, "UPDATE accountability_request SET owner_type = ?, owner_id = ? WHERE number = ?",
        assignee.type(), assignee.id(), number);
    entry(assignee, number, "ASSIGNED", at, "Was assigned " + number);
  }

  /** Owners set or read in this batch, so the events that follow a submission or an assignment need no read. */
  private Map<String, Addressee> owners() {
    return sql.batchLocal(NAME + ".owner");
  }

  private Addressee owner(String number) {
    return owners().computeIfAbsent(number, this::storedOwner);
  }

  private Addressee storedOwner(String number) {
    return new Addressee(
        Addressee.Type.valueOf(sql.single("SELECT owner_type FROM accountability_request WHERE number = ?", number)
            .orElseThrow()),
        sql.single("SELECT owner_id FROM accountability_request WHERE number = ?", number).orElseThrow());
  }

  private Instant instant(String column, String number) {
    return sql.instant("SELECT " + column + " FROM accountability_request WHERE number = ?", number).orElseThrow();
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
