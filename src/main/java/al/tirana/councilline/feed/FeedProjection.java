package al.tirana.councilline.feed;

import al.tirana.councilline.core.Json;
import al.tirana.councilline.core.Sql;
import al.tirana.councilline.directory.NamingProjection;
import al.tirana.councilline.request.Addressee;
import al.tirana.councilline.request.RequestEvent;
import al.tirana.councilline.request.RequestEvent.CitizenInvitedToMeeting;
import al.tirana.councilline.request.RequestEvent.PriorityChanged;
import al.tirana.councilline.request.RequestEvent.RequestAcknowledged;
import al.tirana.councilline.request.RequestEvent.RequestAssigned;
import al.tirana.councilline.request.RequestEvent.RequestClosed;
import al.tirana.councilline.request.RequestEvent.RequestReassigned;
import al.tirana.councilline.request.RequestEvent.RequestReferredToDepartment;
import al.tirana.councilline.request.RequestEvent.RequestRejected;
import al.tirana.councilline.request.RequestEvent.RequestReopened;
import al.tirana.councilline.request.RequestEvent.RequestResolved;
import al.tirana.councilline.request.RequestEvent.RequestResponded;
import al.tirana.councilline.request.RequestEvent.RequestSubmitted;
import al.tirana.councilline.request.RequestEvent.RequestWithdrawn;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;

/**
 * The public activity feed: anonymised sentences about council activity, each with a global, strictly increasing
 * position. Never names a citizen, never quotes what they wrote or what the council answered them.
 */
@ProcessingGroup(FeedProjection.NAME)
public final class FeedProjection extends NamingProjection {

  public static final String NAME = "feed";
  /** The lifecycle changes this feed reports: the public ones (outbound webhooks offer the same). */
  public static final List<Class<? extends RequestEvent>> PUBLIC_EVENTS = List.of(RequestSubmitted.class,
      RequestAcknowledged.class, RequestAssigned.class, RequestReassigned.class, RequestReferredToDepartment.class,
      CitizenInvitedToMeeting.class, PriorityChanged.class, RequestResponded.class, RequestResolved.class,
      RequestClosed.class, RequestRejected.class, RequestWithdrawn.class, RequestReopened.class,
      RequestEvent.SlaBreached.class, RequestEvent.DeadlineExtended.class,
      RequestEvent.CitizenInformationRequested.class);

  public FeedProjection(Sql sql) {
    super(sql, NAME);
  }

  @EventHandler
  void on(RequestEvent event) {
    String n = event.number();
    if (event instanceof RequestEvent.RequestMarkedAsSpam) {
      // positions stay strictly increasing; clients that saw the items simply will not find them again
      sql.write(n, "DELETE FROM feed_item WHERE number = ?", n);
      return;
    }
    String text;
    if (event instanceof RequestSubmitted e) {
      sql.write(n, "INSERT INTO feed_request (number, owner_type, owner_id, submitted_at) VALUES (?, ?, ?, ?)", n,
          e.addressee().type(), e.addressee().id(), e.at());
      text = "New " + Wording.words(e.priority()) + " " + Wording.words(e.kind()) + " on "
          + Wording.words(e.category()) + " to " + names.describe(e.addressee());
    } else if (event instanceof RequestAcknowledged) {
      text = n + " was acknowledged";
    } else if (event instanceof RequestAssigned e) {
      setOwner(n, e.assignee());
      text = n + " was assigned to " + names.describe(e.assignee());
    } else if (event instanceof RequestReassigned e) {
      setOwner(n, e.to());
      text = n + " was reassigned to " + names.describe(e.to());
    } else if (event instanceof RequestReferredToDepartment e) {
      text = n + " was referred to the municipal department: " + e.department();
    } else if (event instanceof CitizenInvitedToMeeting) {
      text = "A citizen was invited to a council meeting about " + n;
    } else if (event instanceof PriorityChanged e) {
      text = n + " is now " + Wording.words(e.to());
    } else if (event instanceof RequestResponded e) {
      text = capitalised(owner(n)) + " answered " + n + " " + Wording.after(submittedAt(n), e.at());
    } else if (event instanceof RequestResolved) {
      text = n + " was resolved";
    } else if (event instanceof RequestClosed) {
      text = n + " was closed";
    } else if (event instanceof RequestRejected) {
      text = n + " was rejected";
    } else if (event instanceof RequestWithdrawn) {
      text = n + " was withdrawn by the citizen";
    } else if (event instanceof RequestReopened) {
      text = n + " was reopened";
    } else if (event instanceof RequestEvent.SlaBreached) {
      text = n + " passed its deadline";
    } else if (event instanceof RequestEvent.DeadlineExtended e) {
      text = "The deadline of " + n + " was extended";
    } else if (event instanceof RequestEvent.CitizenInformationRequested) {
      text = "The council asked the citizen for more information about " + n;
    } else {
      return; // internal notes are not public activity
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("number", n);
    data.put("text", text);
    sql.append(NAME, n, "INSERT INTO feed_item (at, type, number, text, data) VALUES (?, ?, ?, ?, ?::jsonb)",
        event.at(), event.getClass().getSimpleName(), n, text, json(data));
  }

  private void setOwner(String number, Addressee owner) {
    sql.write(number, "UPDATE feed_request SET owner_type = ?, owner_id = ? WHERE number = ?", owner.type(),
        owner.id(), number);
  }

  private String owner(String number) {
    String type = sql.single("SELECT owner_type FROM feed_request WHERE number = ?", number).orElseThrow();
    String id = sql.single("SELECT owner_id FROM feed_request WHERE number = ?", number).orElseThrow();
    return names.describe(new Addressee(Addressee.Type.valueOf(type), id));
  }

  private Instant submittedAt(String number) {
    return sql.instant("SELECT submitted_at FROM feed_request WHERE number = ?", number).orElseThrow();
  }

  private static String capitalised(String text) {
    return Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }

  private static String json(Map<String, Object> data) {
    try {
      return Json.mapper().writeValueAsString(data);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException(ex);
    }
  }

  @ResetHandler
  void reset() {
    sql.update("TRUNCATE feed_item, feed_request RESTART IDENTITY");
    names.reset();
  }
}
