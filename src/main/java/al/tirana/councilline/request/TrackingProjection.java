package al.tirana.councilline.request;

import al.tirana.councilline.shared.Status;
import al.tirana.councilline.platform.sql.Sql;
import al.tirana.councilline.directory.NamingProjection;
import java.util.Map;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;

/** The public timeline of every request, as a change log that live tracking streams resume from. */
@ProcessingGroup(TrackingProjection.NAME)
public final class TrackingProjection extends NamingProjection {

  public static final String NAME = "tracking";

  public TrackingProjection(Sql sql) {
    super(sql, NAME);
  }

  @EventHandler
  void on(RequestEvent event) {
    TimelineEntry entry = TimelineEntry.of(event, names::describe);
    if (entry.internal()) {
      return;
    }
    Map<String, Status> statuses = Sql.batchLocal(NAME + ".status");
    Status status = entry.status() != null ? entry.status() : currentStatus(event, statuses);
    statuses.put(event.number(), status);
    sql.append(NAME, event.number(), "INSERT INTO tracking_item (number, type, at, status, summary) "
        + "VALUES (?, ?, ?, ?, ?)", event.number(), event.getClass().getSimpleName(), event.at(), status,
        entry.summary());
  }

  /** The status an event leaves unchanged: remembered within the batch, so most events need no read. */
  private Status currentStatus(RequestEvent event, Map<String, Status> statuses) {
    Status known = statuses.get(event.number());
    if (known != null) {
      return known;
    }
    return sql.single("SELECT status FROM tracking_item WHERE number = ? ORDER BY position DESC LIMIT 1",
        event.number()).map(Status::valueOf).orElse(Status.SUBMITTED);
  }

  @ResetHandler
  void reset() {
    sql.update("TRUNCATE tracking_item RESTART IDENTITY");
    names.reset();
  }
}
