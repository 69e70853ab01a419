package al.tirana.councilline.audit;

import al.tirana.councilline.platform.json.IsoInstants;
import al.tirana.councilline.shared.Addressee;
import al.tirana.councilline.request.RequestEvent;
import al.tirana.councilline.request.RequestEvent.PriorityChanged;
import al.tirana.councilline.request.RequestEvent.RequestAssigned;
import al.tirana.councilline.request.RequestEvent.RequestReassigned;
import al.tirana.councilline.request.RequestEvent.RequestSubmitted;
import al.tirana.councilline.request.RequestEvent.SlaClockStarted;
import al.tirana.councilline.shared.Status;
import al.tirana.councilline.platform.json.IsoInstants;
import al.tirana.councilline.platform.json.Json;
import al.tirana.councilline.shared.Addressee;
import al.tirana.councilline.shared.Status;
import al.tirana.councilline.request.TimelineEntry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;

/**
 * A request's state and timeline as they were at an instant, folded from its stored events alone. The events are
 * read through the same upcasters as everywhere else, so an event stored in an older shape reads as it does in the
 * request itself and in every read model.
 */
final class AsOf {

  private AsOf() {
  }

  /** A stored event and its position in the whole log. */
  record StoredEvent(long position, DomainEventData<?> data) {
  }

  /** Runs JDBC in the upcasters: call it on a worker, never on an event loop. */
  static JsonObject fold(String number, String asOf, List<StoredEvent> events, Serializer serializer,
                         EventUpcaster upcasters) {
    Map<Long, Long> positions = new HashMap<>();
    events.forEach(stored -> positions.put(stored.data().getSequenceNumber(), stored.position()));
    DomainEventStream stream = EventStreamUtils.upcastAndDeserializeDomainEvents(
        events.stream().map(StoredEvent::data), serializer, upcasters);
    Fold fold = new Fold(new JsonObject().put("number", number).put("asOf", asOf));
    while (stream.hasNext()) {
      DomainEventMessage<?> message = stream.next();
      fold.add(positions.get(message.getSequenceNumber()), (RequestEvent) message.getPayload());
    }
    return fold.result();
  }

  /** The state as the events leave it, one event at a time. */
  private static final class Fold {

    private final JsonObject state;
    private final JsonArray timeline = new JsonArray();
    private Status status;
    private Addressee assignee;

    Fold(JsonObject state) {
      this.state = state;
    }

    /**
     * Besides its status and timeline entry, an event may change the facts kept here. Every event type is named in
     * the switch, so a new one must be placed before the code compiles.
     */
    void add(long position, RequestEvent event) {
      Runnable change = switch (RequestEvent.Type.of(event)) {
        case REQUEST_SUBMITTED -> () -> submitted((RequestSubmitted) event);
        case REQUEST_ASSIGNED -> () -> assignee = ((RequestAssigned) event).assignee();
        case REQUEST_REASSIGNED -> () -> assignee = ((RequestReassigned) event).to();
        case PRIORITY_CHANGED -> () -> state.put("priority", ((PriorityChanged) event).to().name())
            .put("dueAt", IsoInstants.format(((PriorityChanged) event).dueAt()));
        case SLA_CLOCK_STARTED -> () -> state.put("dueAt", IsoInstants.format(((SlaClockStarted) event).dueAt()));
        case REQUEST_ACKNOWLEDGED, REQUEST_REFERRED_TO_DEPARTMENT, CITIZEN_INVITED_TO_MEETING, INTERNAL_NOTE_ADDED,
            REQUEST_RESPONDED, REQUEST_RESOLVED, REQUEST_CLOSED, REQUEST_REJECTED, REQUEST_WITHDRAWN,
            REQUEST_REOPENED, SLA_WARNING_ISSUED, SLA_BREACHED, BREACH_ESCALATED, CITIZEN_INFORMATION_REQUESTED,
            CITIZEN_ANSWERED, SLA_CLOCK_RESUMED, DEADLINE_EXTENDED, CITIZEN_RATED_RESPONSE, SUCCESS_STORY_PUBLISHED,
            SUCCESS_STORY_WITHDRAWN, PERSONAL_DATA_ERASED, REQUEST_MARKED_AS_SPAM,
          CITIZEN_MESSAGE_ADDED, ACCESS_CODE_REISSUED -> () -> { };
      };
      change.run();
      TimelineEntry entry = TimelineEntry.of(event, a -> a.type().name().toLowerCase() + " " + a.id());
      if (entry.status() != null) {
        status = entry.status();
      }
      timeline.add(new JsonObject().put("position", position).put("type", event.getClass().getSimpleName())
          .put("at", IsoInstants.format(event.at())).put("summary", entry.summary())
          .put("by", new JsonObject().put("role", event.by().role().name()).put("id", event.by().id())));
    }

    private void submitted(RequestSubmitted e) {
      state.put("kind", e.kind().name()).put("priority", e.priority().name()).put("category", e.category().name())
          .put("addressee", new JsonObject().put("type", e.addressee().type().name()).put("id", e.addressee().id()))
          .put("submittedAt", IsoInstants.format(e.at())).put("dueAt", IsoInstants.format(e.dueAt()));
    }

    JsonObject result() {
      if (assignee != null) {
        state.put("assignee", new JsonObject().put("type", assignee.type().name()).put("id", assignee.id()));
      }
      return state.put("status", status == null ? null : status.name()).put("events", timeline.size())
          .put("timeline", timeline);
    }
  }
}
