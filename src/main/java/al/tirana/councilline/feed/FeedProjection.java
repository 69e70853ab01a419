package al.tirana.councilline.feed;

import al.tirana.councilline.platform.json.Json;
import al.tirana.councilline.platform.sql.Sql;
import al.tirana.councilline.directory.NamingProjection;
import al.tirana.councilline.shared.Addressee;
import al.tirana.councilline.request.RequestEvent;
import al.tirana.councilline.request.RequestEvent.PriorityChanged;
import al.tirana.councilline.request.RequestEvent.RequestAssigned;
import al.tirana.councilline.request.RequestEvent.RequestReassigned;
import al.tirana.councilline.request.RequestEvent.RequestReferredToDepartment;
import al.tirana.councilline.request.RequestEvent.RequestSubmitted;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Duration;
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
      RequestEvent.RequestAcknowledged.class, RequestAssigned.class, RequestReassigned.class,
      RequestReferredToDepartment.class, RequestEvent.CitizenInvitedToMeeting.class, PriorityChanged.class,
      RequestEvent.RequestResponded.class, RequestEvent.RequestResolved.class, RequestEvent.RequestClosed.class,
      RequestEvent.RequestRejected.class, RequestEvent.RequestWithdrawn.class, RequestEvent.RequestReopened.class,
      RequestEvent.SlaBreached.class, RequestEvent.DeadlineExtended.class,
      RequestEvent.CitizenInformationRequested.class);

  public FeedProjection(Sql sql) {
    super(sql, NAME);
  }

  /**
   * The feed's sentence for each event type, or none for what is not public activity (internal notes, the clock's
   * workings, personal matters). Every event type is named in the switch, so a new one must be placed before the
   * code compiles.
   */
  @EventHandler
  void on(RequestEvent event) {
    String n = event.number();
    // the same facts as the English text, as fields, so a page can word the item in its reader's language
    Map<String, Object> detail = new LinkedHashMap<>();
    String text = switch (RequestEvent.Type.of(event)) {
      case REQUEST_SUBMITTED -> submitted((RequestSubmitted) event, detail);
      case REQUEST_ACKNOWLEDGED -> n + " was acknowledged";
      case REQUEST_ASSIGNED -> ownedBy(n, ((RequestAssigned) event).assignee(), " was assigned to ", detail);
      case REQUEST_REASSIGNED -> ownedBy(n, ((RequestReassigned) event).to(), " was reassigned to ", detail);
      case REQUEST_REFERRED_TO_DEPARTMENT -> {
        String department = ((RequestReferredToDepartment) event).department();
        detail.put("department", department);
        yield n + " was referred to the municipal department: " + department;
      }
      case CITIZEN_INVITED_TO_MEETING -> "A citizen was invited to a council meeting about " + n;
      case PRIORITY_CHANGED -> {
        PriorityChanged e = (PriorityChanged) event;
        detail.put("priority", e.to().name());
        yield n + " is now " + Wording.words(e.to());
      }
      case REQUEST_RESPONDED -> answered(n, event.at(), detail);
      case REQUEST_RESOLVED -> n + " was resolved";
      case REQUEST_CLOSED -> n + " was closed";
      case REQUEST_REJECTED -> n + " was rejected";
      case REQUEST_WITHDRAWN -> n + " was withdrawn by the citizen";
      case REQUEST_REOPENED -> n + " was reopened";
      case SLA_BREACHED -> n + " passed its deadline";
      case CITIZEN_INFORMATION_REQUESTED -> "The council asked the citizen for more information about " + n;
      case DEADLINE_EXTENDED -> "The deadline of " + n + " was extended";
      case REQUEST_MARKED_AS_SPAM -> removed(n);
      case INTERNAL_NOTE_ADDED, SLA_CLOCK_STARTED, SLA_WARNING_ISSUED, BREACH_ESCALATED, CITIZEN_ANSWERED,
          SLA_CLOCK_RESUMED, CITIZEN_RATED_RESPONSE, SUCCESS_STORY_PUBLISHED, SUCCESS_STORY_WITHDRAWN,
          PERSONAL_DATA_ERASED, CITIZEN_MESSAGE_ADDED, ACCESS_CODE_REISSUED -> null;
    };
    if (text == null) {
      return;
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("number", n);
    data.put("text", text);
    data.put("detail", detail);
    sql.append(NAME, n, "INSERT INTO feed_item (at, type, number, text, data) VALUES (?, ?, ?, ?, ?::jsonb)",
        event.at(), event.getClass().getSimpleName(), n, text, json(data));
  }

  private String submitted(RequestSubmitted e, Map<String, Object> detail) {
    sql.write(e.number(), "INSERT INTO feed_request (number, owner_type, owner_id, submitted_at) VALUES (?, ?, ?, ?)",
        e.number(), e.addressee().type(), e.addressee().id(), e.at());
    detail.put("priority", e.priority().name());
    detail.put("kind", e.kind().name());
    detail.put("category", e.category().name());
    detail.put("addressee", party(e.addressee()));
    return "New " + Wording.words(e.priority()) + " " + Wording.words(e.kind()) + " on "
        + Wording.words(e.category()) + " to " + names.describe(e.addressee());
  }

  private String ownedBy(String number, Addressee owner, String verb, Map<String, Object> detail) {
    setOwner(number, owner);
    detail.put("assignee", party(owner));
    return number + verb + names.describe(owner);
  }

  private String answered(String number, Instant at, Map<String, Object> detail) {
    Addressee owner = owner(number);
    Instant submittedAt = submittedAt(number);
    detail.put("by", party(owner));
    detail.put("days", Duration.between(submittedAt, at).toHours() / 24);
    return capitalised(names.describe(owner)) + " answered " + number + " " + Wording.after(submittedAt, at);
  }

  /** Positions stay strictly increasing; clients that saw the items simply will not find them again. */
  private String removed(String number) {
    sql.write(number, "DELETE FROM feed_item WHERE number = ?", number);
    return null;
  }

  private void setOwner(String number, Addressee owner) {
    sql.write(number, "UPDATE feed_request SET owner_type = ?, owner_id = ? WHERE number = ?", owner.type(),
        owner.id(), number);
  }

  private Addressee owner(String number) {
    String type = sql.single("SELECT owner_type FROM feed_request WHERE number = ?", number).orElseThrow();
    String id = sql.single("SELECT owner_id FROM feed_request WHERE number = ?", number).orElseThrow();
    return new Addressee(Addressee.Type.valueOf(type), id);
  }

  /** A counselor or commission as the feed names it: public names only, as the directory shows them. */
  private Map<String, Object> party(Addressee addressee) {
    Map<String, Object> party = new LinkedHashMap<>();
    party.put("type", addressee.type().name());
    party.put("id", addressee.id());
    party.put("name", names.name(addressee));
    return party;
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
