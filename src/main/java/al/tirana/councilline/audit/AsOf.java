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
import io.vertx.core.json.DecodeException;
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
 *
 * <p>A fold may start from a {@link Snapshot}: what an earlier fold had reached after the request's first events.
 * Folding is deterministic and the stored events never change, so going on from there gives the same text as folding
 * every event again.
 */
final class AsOf {

  /**
   * The revision of the folding below, stored with each snapshot: change it whenever the view's text for the same
   * events would change, so that no snapshot folded the old way is read. AsOfRenderingTest records the text's hash
   * with it and fails when the text changes without it.
   */
  static final int FOLD = 1;

  /**
   * Snapshots are taken only at the last event of each block of this many sequence numbers (99, 199, ...), so a
   * request has at most one per block however its instants are asked for.
   */
  static final int SNAPSHOT_EVERY = 100;

  private AsOf() {
  }

  /**
   * Where a fold stood after the events up to {@code sequence} (all of them, none skipped): the state's facts as
   * encoded (with the asOf of the call that made it, replaced when read), the status, the assignee (either part null
   * when none), how many timeline entries, and the timeline's text so far without its closing bracket.
   */
  record Snapshot(long sequence, String facts, String status, String assigneeType, String assigneeId, int entries,
      String timeline) {
  }

  /** The view as JSON text, and the snapshot this fold leaves for later calls (null when it leaves none). */
  record Folded(String view, Snapshot next) {
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
    return fold(number, asOf, null, events, readers, upcasters).view();
  }

  /**
   * The view from the snapshot (null: from the first event) and the events after it, with a new snapshot when these
   * events reach a block's last event (see {@link #SNAPSHOT_EVERY}) without a gap since the snapshot (an event left
   * out by the instant would make a gap: its successors are then not the request's next events). Only the last such
   * boundary is kept, and only one past the snapshot's: that one is stored already. Runs JDBC in the upcasters: call
   * it on a worker.
   *
   * @throws UnreadableSnapshot when the snapshot cannot be read; folding every event instead is the caller's choice
   */
  static Folded fold(String number, String asOf, Snapshot from, List<StoredEvent> events, Readers readers,
      EventUpcaster upcasters) throws IOException {
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
    long first = from == null ? 0 : from.sequence() + 1;
    int boundary = -1;
    boolean gapless = true;
    for (int i = 0; i < positions.length; i++) {
      positions[i] = events.get(i).position();
      long sequence = events.get(i).sequence();
      gapless &= sequence == first + i;
      if (gapless && sequence % SNAPSHOT_EVERY == SNAPSHOT_EVERY - 1) {
        boundary = i;
      }
    }
    Fold fold = from == null ? new Fold(new JsonObject().put("number", number).put("asOf", asOf))
        : Fold.from(from, asOf);
    Snapshot next = null;
    for (int i = 0; i < payloads.length; i++) {
      if (payloads[i] != null) {
        fold.add(positions[i], payloads[i]);
      }
      if (i == boundary) {
        next = fold.snapshot(events.get(i).sequence());
      }
    }
    return new Folded(fold.result(), next);
  }

  /** A stored snapshot that does not decode (altered or damaged where it is stored). */
  static final class UnreadableSnapshot extends RuntimeException {

    UnreadableSnapshot(Snapshot snapshot, Exception cause) {
      super("The as-of snapshot after event " + snapshot.sequence() + " cannot be read", cause);
    }
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
      timelineText.write('[');
      this.timeline = generator(timelineText);
    }

    /** Goes on from a snapshot, or throws {@link UnreadableSnapshot} when one of its parts does not decode. */
    static Fold from(Snapshot from, String asOf) throws IOException {
      // the timeline is not parsed (that would cost what the snapshot saves), only its opening checked
      if (from.timeline() == null || !from.timeline().startsWith("[") || from.entries() < 0
          || (from.entries() == 0) != from.timeline().equals("[")) {
        throw new UnreadableSnapshot(from, new IllegalArgumentException("timeline of " + from.entries()
            + " entries reads " + (from.timeline() == null ? null
            : from.timeline().substring(0, Math.min(20, from.timeline().length())))));
      }
      try {
        return new Fold(from, asOf);
      } catch (DecodeException | IllegalArgumentException | ClassCastException e) {
        throw new UnreadableSnapshot(from, e);
      }
    }

    /** Goes on from a snapshot; its facts keep their order, so the encoded state reads as a full fold's. */
    private Fold(Snapshot from, String asOf) throws IOException {
      this.state = new JsonObject(from.facts()).put("asOf", asOf);
      this.status = from.status() == null ? null : Status.valueOf(from.status());
      this.assignee = from.assigneeType() == null ? null
          : new Addressee(Addressee.Type.valueOf(from.assigneeType()), from.assigneeId());
      this.entries = from.entries();
      timelineText.write(from.timeline());
      this.timeline = generator(timelineText);
    }

    /**
     * The entries are written as values at the root, each after a comma of its own but the first, so the text can
     * go on from a snapshot's; the brackets around them are written by hand.
     */
    private static JsonGenerator generator(StringWriter out) throws IOException {
      // the factory JsonObject.encode writes with, so the text is the same as the maps' encoding would be
      JsonGenerator generator = DatabindCodec.mapper().getFactory().createGenerator(out);
      generator.setRootValueSeparator(null);
      return generator;
    }

    /** Where the fold stands, for a fold to go on from later. Call before {@link #result}. */
    Snapshot snapshot(long sequence) throws IOException {
      timeline.flush();
      return new Snapshot(sequence, state.encode(), status == null ? null : status.name(),
          assignee == null ? null : assignee.type().name(), assignee == null ? null : assignee.id(), entries,
          timelineText.toString());
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
      if (entries > 0) {
        timeline.writeRaw(',');
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
      timeline.close();
      timelineText.write(']');
      String facts = state.put("status", status == null ? null : status.name()).put("events", entries).encode();
      StringBuffer text = timelineText.getBuffer();
      return new StringBuilder(facts.length() + text.length() + 12).append(facts, 0, facts.length() - 1)
          .append(",\"timeline\":").append(text).append('}').toString();
    }
  }
}
