package al.tirana.councilline.stats;

import al.tirana.councilline.core.Sql;
import al.tirana.councilline.directory.NamingProjection;
import al.tirana.councilline.request.Addressee;
import al.tirana.councilline.request.RequestEvent;
import al.tirana.councilline.request.Status;
import al.tirana.councilline.request.TimelineEntry;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;

/**
 * Per request: where it went, when it was first answered, whether on time, how the citizen rated it. A request is
 * answered on time when its first response came before the due date in force at that moment (extensions and
 * pauses included). Responsibility follows the assignee, else the addressee.
 */
@ProcessingGroup(StatsProjection.NAME)
public final class StatsProjection extends NamingProjection {

  public static final String NAME = "stats";

  public StatsProjection(Sql sql) {
    super(sql, NAME);
  }

  @EventHandler
  void on(RequestEvent event) {
    String n = event.number();
    if (event instanceof RequestEvent.RequestSubmitted e) {
      // one statement: the row comes with its responsible party and status (a replayed duplicate only
      // re-asserts them, as the separate updates did)
      boolean counselor = e.addressee().type() == Addressee.Type.COUNSELOR;
      sql.write(n, "INSERT INTO stats_request (number, kind, category, priority, addressee_type, addressee_id, "
              + "addressee_name, administrative_unit, channel, status, submitted_at, due_at, counselor_id, "
              + "commission_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (number) DO UPDATE "
              + "SET status = EXCLUDED.status, counselor_id = COALESCE(EXCLUDED.counselor_id, "
              + "stats_request.counselor_id), commission_id = COALESCE(EXCLUDED.commission_id, "
              + "stats_request.commission_id)", n, e.kind(), e.category(), e.priority(), e.addressee().type(),
          e.addressee().id(), names.describe(e.addressee()), e.administrativeUnit(), e.channel(), Status.SUBMITTED,
          e.at(), e.dueAt(), counselor ? e.addressee().id() : null, counselor ? null : e.addressee().id());
      return;
    } else if (event instanceof RequestEvent.RequestAssigned e) {
      responsible(n, e.assignee());
    } else if (event instanceof RequestEvent.RequestReassigned e) {
      responsible(n, e.to());
    } else if (event instanceof RequestEvent.PriorityChanged e) {
      sql.write(n, "UPDATE stats_request SET priority = ?, due_at = ? WHERE number = ?", e.to(), e.dueAt(), n);
    } else if (event instanceof RequestEvent.SlaClockStarted e) {
      sql.write(n, "UPDATE stats_request SET due_at = ? WHERE number = ?", e.dueAt(), n);
    } else if (event instanceof RequestEvent.RequestResponded e) {
      sql.write(n, "UPDATE stats_request SET first_response_at = ?, on_time = ? <= due_at "
          + "WHERE number = ? AND first_response_at IS NULL", e.at(), e.at(), n);
    } else if (event instanceof RequestEvent.RequestResolved e) {
      sql.write(n, "UPDATE stats_request SET resolved_at = ? WHERE number = ?", e.at(), n);
    } else if (event instanceof RequestEvent.RequestMarkedAsSpam) {
      sql.write(n, "UPDATE stats_request SET spam = TRUE WHERE number = ?", n);
      sql.write(n, "DELETE FROM success_story WHERE number = ?", n);
    } else if (event instanceof RequestEvent.CitizenRatedResponse e) {
      sql.write(n, "UPDATE stats_request SET satisfaction = ? WHERE number = ?", e.score(), n);
    } else if (event instanceof RequestEvent.SuccessStoryPublished e) {
      sql.write(n, "INSERT INTO success_story (number, title, summary, category, published_at) "
          + "SELECT ?, ?, ?, category, ? FROM stats_request WHERE number = ? ON CONFLICT (number) DO UPDATE "
          + "SET title = EXCLUDED.title, summary = EXCLUDED.summary, published_at = EXCLUDED.published_at",
          n, e.title(), e.summary(), e.at(), n);
    } else if (event instanceof RequestEvent.SuccessStoryWithdrawn) {
      sql.write(n, "DELETE FROM success_story WHERE number = ?", n);
    }
    TimelineEntry entry = TimelineEntry.of(event, a -> a.id());
    if (entry.status() != null) {
      sql.write(n, "UPDATE stats_request SET status = ? WHERE number = ?", entry.status(), n);
    } else if (event instanceof RequestEvent.RequestReopened) {
      sql.write(n, "UPDATE stats_request SET status = CASE WHEN counselor_id IS NOT NULL OR commission_id IS NOT NULL "
          + "THEN 'ASSIGNED' ELSE 'ACKNOWLEDGED' END, resolved_at = NULL WHERE number = ?", n);
    }
  }

  private void responsible(String number, Addressee who) {
    if (who.type() == Addressee.Type.COUNSELOR) {
      sql.write(number, "UPDATE stats_request SET counselor_id = ? WHERE number = ?", who.id(), number);
    } else {
      sql.write(number, "UPDATE stats_request SET commission_id = ? WHERE number = ?", who.id(), number);
    }
  }

  @ResetHandler
  void reset() {
    sql.update("TRUNCATE stats_request, success_story");
    names.reset();
  }
}
