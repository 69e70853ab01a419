package al.tirana.councilline.feed;

import al.tirana.councilline.core.Json;
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
import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Instant;
import java.util.LinkedHashMap;
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

  private final Sentences sentences = new Sentences();

  public FeedProjection(Sql sql) {
    super(sql, NAME);
  }

  @EventHandler
  void on(RequestEvent event) {
    String text = event.accept(sentences);
    if (text == null) {
      return;
    }
    String n = event.number();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("number", n);
    data.put("text", text);
    sql.append(NAME, n, "INSERT INTO feed_item (at, type, number, text, data) VALUES (?, ?, ?, ?, ?::jsonb)",
        event.at(), event.getClass().getSimpleName(), n, text, json(data));
  }

  /**
   * The feed's sentence for each event type, or null for what is not public activity (internal notes, the clock's
   * workings, personal matters): every event type is named here, so a new one must be decided on.
   */
  private final class Sentences implements RequestEvent.Visitor<String> {

    @Override
    public String on(RequestSubmitted e) {
      String n = e.number();
      sql.write(n, "INSERT INTO feed_request (number, owner_type, owner_id, submitted_at) VALUES (?, ?, ?, ?)", n,
          e.addressee().type(), e.addressee().id(), e.at());
      return "New " + Wording.words(e.priority()) + " " + Wording.words(e.kind()) + " on "
          + Wording.words(e.category()) + " to " + names.describe(e.addressee());
    }

    @Override
    public String on(RequestAcknowledged e) {
      return e.number() + " was acknowledged";
    }

    @Override
    public String on(RequestAssigned e) {
      setOwner(e.number(), e.assignee());
      return e.number() + " was assigned to " + names.describe(e.assignee());
    }

    @Override
    public String on(RequestReassigned e) {
      setOwner(e.number(), e.to());
      return e.number() + " was reassigned to " + names.describe(e.to());
    }

    @Override
    public String on(RequestReferredToDepartment e) {
      return e.number() + " was referred to the municipal department: " + e.department();
    }

    @Override
    public String on(CitizenInvitedToMeeting e) {
      return "A citizen was invited to a council meeting about " + e.number();
    }

    @Override
    public String on(InternalNoteAdded e) {
      return null;
    }

    @Override
    public String on(PriorityChanged e) {
      return e.number() + " is now " + Wording.words(e.to());
    }

    @Override
    public String on(RequestResponded e) {
      return capitalised(owner(e.number())) + " answered " + e.number() + " "
          + Wording.after(submittedAt(e.number()), e.at());
    }

    @Override
    public String on(RequestResolved e) {
      return e.number() + " was resolved";
    }

    @Override
    public String on(RequestClosed e) {
      return e.number() + " was closed";
    }

    @Override
    public String on(RequestRejected e) {
      return e.number() + " was rejected";
    }

    @Override
    public String on(RequestWithdrawn e) {
      return e.number() + " was withdrawn by the citizen";
    }

    @Override
    public String on(RequestReopened e) {
      return e.number() + " was reopened";
    }

    @Override
    public String on(SlaClockStarted e) {
      return null;
    }

    @Override
    public String on(SlaWarningIssued e) {
      return null;
    }

    @Override
    public String on(SlaBreached e) {
      return e.number() + " passed its deadline";
    }

    @Override
    public String on(BreachEscalated e) {
      return null;
    }

    @Override
    public String on(CitizenInformationRequested e) {
      return "The council asked the citizen for more information about " + e.number();
    }

    @Override
    public String on(CitizenAnswered e) {
      return null;
    }

    @Override
    public String on(SlaClockResumed e) {
      return null;
    }

    @Override
    public String on(DeadlineExtended e) {
      return "The deadline of " + e.number() + " was extended";
    }

    @Override
    public String on(CitizenRatedResponse e) {
      return null;
    }

    @Override
    public String on(SuccessStoryPublished e) {
      return null;
    }

    @Override
    public String on(SuccessStoryWithdrawn e) {
      return null;
    }

    @Override
    public String on(PersonalDataErased e) {
      return null;
    }

    @Override
    public String on(RequestMarkedAsSpam e) {
      // positions stay strictly increasing; clients that saw the items simply will not find them again
      sql.write(e.number(), "DELETE FROM feed_item WHERE number = ?", e.number());
      return null;
    }
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
