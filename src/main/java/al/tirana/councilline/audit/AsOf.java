package al.tirana.councilline.audit;

import al.tirana.councilline.core.IsoInstants;
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
import al.tirana.councilline.request.Status;
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

  /**
   * The state as each event leaves it (most events change it only through their status and timeline entry): every
   * event type is named here, so a new one must be decided on.
   */
  private static final class Fold implements RequestEvent.Visitor<Void> {

    private final JsonObject state;
    private final JsonArray timeline = new JsonArray();
    private Status status;
    private Addressee assignee;

    Fold(JsonObject state) {
      this.state = state;
    }

    void add(long position, RequestEvent event) {
      event.accept(this);
      TimelineEntry entry = TimelineEntry.of(event, a -> a.type().name().toLowerCase() + " " + a.id());
      if (entry.status() != null) {
        status = entry.status();
      }
      timeline.add(new JsonObject().put("position", position).put("type", event.getClass().getSimpleName())
          .put("at", IsoInstants.format(event.at())).put("summary", entry.summary())
          .put("by", new JsonObject().put("role", event.by().role().name()).put("id", event.by().id())));
    }

    JsonObject result() {
      if (assignee != null) {
        state.put("assignee", new JsonObject().put("type", assignee.type().name()).put("id", assignee.id()));
      }
      return state.put("status", status == null ? null : status.name()).put("events", timeline.size())
          .put("timeline", timeline);
    }

    @Override
    public Void on(RequestSubmitted e) {
      state.put("kind", e.kind().name()).put("priority", e.priority().name())
          .put("category", e.category().name())
          .put("addressee", new JsonObject().put("type", e.addressee().type().name()).put("id", e.addressee().id()))
          .put("submittedAt", IsoInstants.format(e.at())).put("dueAt", IsoInstants.format(e.dueAt()));
      return null;
    }

    @Override
    public Void on(RequestAcknowledged e) {
      return null;
    }

    @Override
    public Void on(RequestAssigned e) {
      assignee = e.assignee();
      return null;
    }

    @Override
    public Void on(RequestReassigned e) {
      assignee = e.to();
      return null;
    }

    @Override
    public Void on(RequestReferredToDepartment e) {
      return null;
    }

    @Override
    public Void on(CitizenInvitedToMeeting e) {
      return null;
    }

    @Override
    public Void on(InternalNoteAdded e) {
      return null;
    }

    @Override
    public Void on(PriorityChanged e) {
      state.put("priority", e.to().name()).put("dueAt", IsoInstants.format(e.dueAt()));
      return null;
    }

    @Override
    public Void on(RequestResponded e) {
      return null;
    }

    @Override
    public Void on(RequestResolved e) {
      return null;
    }

    @Override
    public Void on(RequestClosed e) {
      return null;
    }

    @Override
    public Void on(RequestRejected e) {
      return null;
    }

    @Override
    public Void on(RequestWithdrawn e) {
      return null;
    }

    @Override
    public Void on(RequestReopened e) {
      return null;
    }

    @Override
    public Void on(SlaClockStarted e) {
      state.put("dueAt", IsoInstants.format(e.dueAt()));
      return null;
    }

    @Override
    public Void on(SlaWarningIssued e) {
      return null;
    }

    @Override
    public Void on(SlaBreached e) {
      return null;
    }

    @Override
    public Void on(BreachEscalated e) {
      return null;
    }

    @Override
    public Void on(CitizenInformationRequested e) {
      return null;
    }

    @Override
    public Void on(CitizenAnswered e) {
      return null;
    }

    @Override
    public Void on(SlaClockResumed e) {
      return null;
    }

    @Override
    public Void on(DeadlineExtended e) {
      return null;
    }

    @Override
    public Void on(CitizenRatedResponse e) {
      return null;
    }

    @Override
    public Void on(SuccessStoryPublished e) {
      return null;
    }

    @Override
    public Void on(SuccessStoryWithdrawn e) {
      return null;
    }

    @Override
    public Void on(PersonalDataErased e) {
      return null;
    }

    @Override
    public Void on(RequestMarkedAsSpam e) {
      return null;
    }
  }
}
