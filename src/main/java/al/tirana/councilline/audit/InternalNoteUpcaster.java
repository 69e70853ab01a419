package al.tirana.councilline.audit;

import al.tirana.councilline.request.RequestEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * Internal notes were first stored (revision 0) with their text under "note"; revision 1 calls it "text". Stored
 * events are never rewritten, so old ones are read through this upcaster. Every future change of an event's shape
 * follows the same path: a new @Revision, a new schema in events/catalog, and an upcaster from the previous one.
 */
public final class InternalNoteUpcaster extends SingleEventUpcaster {

  private static final SimpleSerializedType V0 =
      new SimpleSerializedType(RequestEvent.InternalNoteAdded.class.getName(), "0");
  private static final SimpleSerializedType V1 =
      new SimpleSerializedType(RequestEvent.InternalNoteAdded.class.getName(), "1");

  @Override
  protected boolean canUpcast(IntermediateEventRepresentation representation) {
    return V0.equals(representation.getType());
  }

  @Override
  protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
    return representation.upcastPayload(V1, JsonNode.class, payload -> {
      ObjectNode node = (ObjectNode) payload;
      node.set("text", node.remove("note"));
      return node;
    });
  }
}
