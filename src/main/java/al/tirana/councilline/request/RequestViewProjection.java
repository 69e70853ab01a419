package al.tirana.councilline.request;

import al.tirana.councilline.platform.json.Json;
import al.tirana.councilline.platform.sql.Sql;
import al.tirana.councilline.shared.Status;
import al.tirana.councilline.shared.Addressee;
import al.tirana.councilline.shared.AddresseeDirectory;
import al.tirana.councilline.platform.json.Json;
import al.tirana.councilline.platform.sql.Sql;
import al.tirana.councilline.request.RequestEvent.RequestReopened;
import al.tirana.councilline.request.RequestEvent.RequestSubmitted;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;

/**
 * request_view and request_timeline (projections/V2__request_view.sql). Runs inside the command's transaction:
 * the HTTP layer answers every command with this view, so it must already contain the command's effect. The writes
 * are held back until the command prepares its commit and then sent as JDBC batches (Sql.write): a submission's
 * view row and two timeline rows take two round trips.
 */
@ProcessingGroup(RequestViewProjection.NAME)
public record RequestViewProjection(Sql sql, AddresseeDirectory directory) {

  public static final String NAME = "request-view";

  /**
   * The timeline's rows are written under their own key, apart from the view row's: a command's timeline rows then
   * go in as one batch, instead of taking turns with the view row's statements.
   */
  private static final String TIMELINE = "timeline ";

  @EventHandler
  void on(RequestEvent event, @SequenceNumber long seq) {
    TimelineEntry entry = TimelineEntry.of(event, this::nameOf);
    if (event instanceof RequestSubmitted e) {
      newRows().put(e.number(), new RequestViewChange.NewRow(e, seq));
    } else {
      RequestViewChange change = RequestViewChange.of(event, entry.status(), seq);
      RequestViewChange.NewRow created = newRows().get(event.number());
      if (created != null) {
        created.apply(change);
      } else {
        update(change, event.number());
      }
      if (event instanceof RequestEvent.AccessCodeReissued e) {
        sql.write(e.number(), "UPDATE request_view SET access_code_hash = ? WHERE number = ?", e.accessCodeHash(),
            e.number());
      }
    }
    sql.write(TIMELINE + event.number(), "INSERT INTO request_timeline (number, seq, type, at, internal, summary, "
            + "detail, actor_role, actor_id) VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)",
        event.number(), seq, event.getClass().getSimpleName(), event.at(), entry.internal(), entry.summary(),
        json(entry), event.by().role(), event.by().id());
  }

  /**
   * Requests submitted in this command (or batch), written when it prepares its commit: the events that follow the
   * submission (the SLA clock's start) change the row before it is written, instead of costing an UPDATE each.
   */
  private Map<String, RequestViewChange.NewRow> newRows() {
    return sql.gathered(NAME + " new rows", LinkedHashMap::new, rows -> rows.values().forEach(row ->
        sql.write(row.number(), "INSERT INTO request_view (number, status, kind, priority, category, "
                + "addressee_type, addressee_id, assignee_type, assignee_id, spam, channel, administrative_unit, "
                + "language, citizen_id, sealed_personal_data, access_code_hash, submitted_at, due_at, "
                + "last_activity_at, version, latitude, longitude, address) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::uuid, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            row.values())));
  }

  /** Everything an event changes in the row, in one statement; a column the event does not touch is kept. */
  private void update(RequestViewChange change, String number) {
    Addressee assignee = change.assignee();
    sql.write(number, "UPDATE request_view SET status = COALESCE(?, status), "
            + "priority = COALESCE(?, priority), due_at = COALESCE(?, due_at), "
            + "assignee_type = COALESCE(?, assignee_type), assignee_id = COALESCE(?, assignee_id), spam = spam OR ?, "
            + "last_activity_at = ?, version = ? "
            + "WHERE number = ?", change.status() == null ? null : change.status().name(),
        change.priority() == null ? null : change.priority().name(), change.dueAt(),
        assignee == null ? null : assignee.type().name(), assignee == null ? null : assignee.id(), change.spam(),
        change.at(), change.version(), number);
  }

  /**
   * Counselors and commissions are public bodies, so their names may appear in public summaries. The command has
   * usually just checked the addressee, and the directory answers from that read.
   */
  private String nameOf(Addressee addressee) {
    String name = directory.name(addressee).orElse(addressee.id());
    return addressee.type() == Addressee.Type.COUNSELOR ? "counselor " + name : "the " + name;
  }

  private static String json(TimelineEntry entry) {
    try {
      return entry.detail() == null ? null : Json.mapper().writeValueAsString(entry.detail());
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException(ex);
    }
  }
}
