package al.tirana.councilline.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * Reads the stored events of one {@link RequestEvent} type at one revision as the next revision, by changing their
 * JSON payload. Stored events are never rewritten: each change of an event's shape is a new @Revision, a new schema
 * in events/catalog, and one of these from the previous revision.
 */
public abstract class RevisionUpcaster extends SingleEventUpcaster {

  private final SimpleSerializedType from;
  private final SimpleSerializedType to;

  protected RevisionUpcaster(Class<? extends RequestEvent> type, String fromRevision, String toRevision) {
    from = new SimpleSerializedType(type.getName(), fromRevision);
    to = new SimpleSerializedType(type.getName(), toRevision);
  }

  /**
   * The change of one stored event's payload. Whatever it needs besides the payload is decided here, when the event
   * is upcast; the change itself runs only when the payload is read.
   */
  protected abstract Consumer<ObjectNode> change(IntermediateEventRepresentation representation);

  @Override
  protected final boolean canUpcast(IntermediateEventRepresentation representation) {
    return from.equals(representation.getType());
  }

  @Override
  protected final IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
    Consumer<ObjectNode> change = change(representation);
    return representation.upcastPayload(to, JsonNode.class, payload -> {
      change.accept((ObjectNode) payload);
      return payload;
    });
  }
}
