package al.tirana.councilline.audit;

import al.tirana.councilline.platform.json.IsoInstants;
import al.tirana.councilline.platform.json.Json;
import al.tirana.councilline.shared.Addressee;
import al.tirana.councilline.request.RequestEvent;
import al.tirana.councilline.shared.Status;
import al.tirana.councilline.request.TimelineEntry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.List;

/** A request's state and timeline as they were at an instant, folded from its stored events alone. */
final class AsOf {

  private AsOf() {
  }

  record StoredEvent(long position, String type, byte[] payload) {
  }

  static JsonObject fold(String number, String asOf, List<StoredEvent> events) throws IOException {
    JsonObject state = new JsonObject().put("number", number).put("asOf", asOf);
    JsonArray timeline = new JsonArray();
    Status status = null;
    Addressee assignee = null;
    for (StoredEvent stored : events) {
      RequestEvent event = (RequestEvent) Json.mapper().readValue(stored.payload(), eventClass(stored.type()));
      if (event instanceof RequestEvent.RequestSubmitted e) {
        state.put("kind", e.kind().name()).put("priority", e.priority().name()).put("category", e.category().name())
            .put("addressee", new JsonObject().put("type", e.addressee().type().name()).put("id", e.addressee().id()))
            .put("submittedAt", IsoInstants.format(e.at())).put("dueAt", IsoInstants.format(e.dueAt()));
      } else if (event instanceof RequestEvent.RequestAssigned e) {
        assignee = e.assignee();
      } else if (event instanceof RequestEvent.RequestReassigned e) {
        assignee = e.to();
      } else if (event instanceof RequestEvent.PriorityChanged e) {
        state.put("priority", e.to().name()).put("dueAt", IsoInstants.format(e.dueAt()));
      } else if (event instanceof RequestEvent.SlaClockStarted e) {
        state.put("dueAt", IsoInstants.format(e.dueAt()));
      }
      TimelineEntry entry = TimelineEntry.of(event, a -> a.type().name().toLowerCase() + " " + a.id());
      if (event instanceof RequestEvent.RequestReopened) {
        status = assignee == null ? Status.ACKNOWLEDGED : Status.ASSIGNED;
      } else if (entry.status() != null) {
        status = entry.status();
      }
      timeline.add(new JsonObject().put("position", stored.position()).put("type", event.getClass().getSimpleName())
          .put("at", IsoInstants.format(event.at())).put("summary", entry.summary())
          .put("by", new JsonObject().put("role", event.by().role().name()).put("id", event.by().id())));
    }
    if (assignee != null) {
      state.put("assignee", new JsonObject().put("type", assignee.type().name()).put("id", assignee.id()));
    }
    return state.put("status", status == null ? null : status.name()).put("events", timeline.size())
        .put("timeline", timeline);
  }

  private static Class<?> eventClass(String payloadType) {
    try {
      Class<?> type = Class.forName(payloadType);
      if (!RequestEvent.class.isAssignableFrom(type)) {
        throw new IllegalStateException(payloadType + " is not a request event");
      }
      return type;
    } catch (ClassNotFoundException ex) {
      throw new IllegalStateException("Unknown event type " + payloadType, ex);
    }
  }
}
