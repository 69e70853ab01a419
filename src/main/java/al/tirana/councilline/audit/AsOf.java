package al.tirana.councilline.audit;

import al.tirana.councilline.platform.json.IsoInstants;
import al.tirana.councilline.request.RequestEvent;
import al.tirana.councilline.request.RequestEvent.PriorityChanged;
import al.tirana.councilline.request.RequestEvent.RequestAssigned;
import al.tirana.councilline.request.RequestEvent.RequestReassigned;
import al.tirana.councilline.request.RequestEvent.RequestSubmitted;
import al.tirana.councilline.request.RequestEvent.SlaClockStarted;
import al.tirana.councilline.request.TimelineEntry;
import al.tirana.councilline.shared.Addressee;
import al.tirana.councilline.shared.Status;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectReader;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.DatabindCodec;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.UnknownSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;

/**
 * A request's state and timeline as they were at an instant, folded from its stored events alone. The events are
 * read through the same upcasters as everywhere else, so an event stored in an older shape reads as it does in the
 * request itself and in every read model.
 *
 * <p>An event stored in its class's current revision needs no upcaster (every upcaster lifts an older revision to a
 * newer one), so it is read straight into its class with the serializer's own object mapper, as Axon's
 * {@code JacksonSerializer} reads it at the end of the chain; only the older ones go through the chain. The timeline,
 * nearly all of the answer, is written as JSON text while folding instead of as one map per event.
 */
final class AsOf {

  private AsOf() {
  }

  /**
   * A stored event, its position in the whole log, and its payload as stored. Only an event the upcaster chain
   * must read ({@link Readers#direct} empty) comes with its whole row ({@code row}); null otherwise.
   */
  record StoredEvent(long position, long sequence, SerializedType type, byte[] payload, DomainEventData<?> row) {
  }

  /**
   * How the events of each stored type and revision are read: with a reader of the serializer's mapper when the
   * revision is the class's current one, else (empty) through the upcaster chain. Facts about the classes, the same
   * for every request and instant.
   */
  static final class Readers {

    private final Serializer serializer;
    private final Map<SerializedType, Optional<ObjectReader>> current = new ConcurrentHashMap<>();

    Readers(Serializer serializer) {
      this.serializer = serializer;
    }

    Serializer serializer() {
      return serializer;
    }

    /** The reader for events needing no upcaster, or empty when the upcaster chain must read this one. */
    Optional<ObjectReader> direct(SerializedType stored) {
      if (!(serializer instanceof JacksonSerializer jackson)) {
        return Optional.empty();
      }
      return current.computeIfAbsent(stored, type -> {
        Class<?> payload = serializer.classForType(type);
        boolean upToDate = !UnknownSerializedType.class.isAssignableFrom(payload)
            && Objects.equals(serializer.typeForClass(payload).getRevision(), type.getRevision());
        return upToDate ? Optional.of(jackson.getObjectMapper().readerFor(payload)) : Optional.empty();
      });
    }
  }

  /** Runs JDBC in the upcasters: call it on a worker, never on an event loop. Answers the view as JSON text. */
  static String fold(String number, String asOf, List<StoredEvent> events, Readers readers, EventUpcaster upcasters)
      throws IOException {
    RequestEvent[] payloads = new RequestEvent[events.size()];
    List<DomainEventData<?>> older = new ArrayList<>();
    Map<Long, Integer> olderAt = new HashMap<>();
    for (int i = 0; i < payloads.length; i++) {
      StoredEvent event = events.get(i);
      if (event.row() == null) {
        payloads[i] = readers.direct(event.type()).orElseThrow().readValue(event.payload());
      } else {
        older.add(event.row());
        olderAt.put(event.sequence(), i);
      }
    }
    if (!older.isEmpty()) {
      DomainEventStream stream = EventStreamUtils.upcastAndDeserializeDomainEvents(older.stream(),
          readers.serializer(), upcasters);
      while (stream.hasNext()) {
        DomainEventMessage<?> message = stream.next();
        payloads[olderAt.get(message.getSequenceNumber())] = (RequestEvent) message.getPayload();
      }
    }
    long[] positions = new long[payloads.length];
    for (int i = 0; i < positions.length; i++) {
      positions[i] = events.get(i).position();
    }
    return render(number, asOf, positions, payloads);
  }

  /**
   * The view of the events, in order, at their positions in the log; a null payload (an event an upcaster dropped)
   * is left out.
   */
  static String render(String number, String asOf, long[] positions, RequestEvent[] payloads) throws IOException {
    Fold fold = new Fold(new JsonObject().put("number", number).put("asOf", asOf));
    for (int i = 0; i < payloads.length; i++) {
      if (payloads[i] != null) {
        fold.add(positions[i], payloads[i]);
      }
    }
    return fold.result();
  }

  /** The events' simple class names, asked for once per class rather than once per event. */
  private static final ClassValue<String> SIMPLE_NAMES = new ClassValue<>() {
    @Override
    protected String computeValue(Class<?> type) {
      return type.getSimpleName();
    }
  };

  /** The state as the events leave it, one event at a time. */
  private static final class Fold {

    private final JsonObject state;
    private final StringWriter timelineText = new StringWriter();
    private final JsonGenerator timeline;
    private int entries;
    private Status status;
    private Addressee assignee;

    Fold(JsonObject state) throws IOException {
      this.state = state;
      // the factory JsonObject.encode writes with, so the text is the same as the maps' encoding would be
      this.timeline = DatabindCodec.mapper().getFactory().createGenerator(timelineText);
      timeline.writeStartArray();
    }

    /**
     * Besides its status and timeline entry, an event may change the facts kept here. Every event type is named in
     * the switch, so a new one must be placed before the code compiles.
     */
    void add(long position, RequestEvent event) throws IOException {
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
      timeline.writeStartObject();
      timeline.writeNumberField("position", position);
      timeline.writeStringField("type", SIMPLE_NAMES.get(event.getClass()));
      timeline.writeStringField("at", IsoInstants.format(event.at()));
      timeline.writeStringField("summary", entry.summary());
      timeline.writeObjectFieldStart("by");
      timeline.writeStringField("role", event.by().role().name());
      timeline.writeStringField("id", event.by().id());
      timeline.writeEndObject();
      timeline.writeEndObject();
      entries++;
    }

    private void submitted(RequestSubmitted e) {
      state.put("kind", e.kind().name()).put("priority", e.priority().name()).put("category", e.category().name())
          .put("addressee", new JsonObject().put("type", e.addressee().type().name()).put("id", e.addressee().id()))
          .put("submittedAt", IsoInstants.format(e.at())).put("dueAt", IsoInstants.format(e.dueAt()));
    }

    /** The state's facts, then the timeline as the last member, as the encoded map with it would read. */
    String result() throws IOException {
      if (assignee != null) {
        state.put("assignee", new JsonObject().put("type", assignee.type().name()).put("id", assignee.id()));
      }
      timeline.writeEndArray();
      timeline.close();
      String facts = state.put("status", status == null ? null : status.name()).put("events", entries).encode();
      StringBuffer text = timelineText.getBuffer();
      return new StringBuilder(facts.length() + text.length() + 12).append(facts, 0, facts.length() - 1)
          .append(",\"timeline\":").append(text).append('}').toString();
    }
  }
}
