package al.tirana.councilline.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * Submissions stored before requests carried a place (RequestSubmitted revision 1) are read as revision 2 with no
 * location; their administrative unit, already in revision 1, is kept as it was.
 */
public final class LocationUpcaster extends SingleEventUpcaster {

  private static final SimpleSerializedType V1 =
      new SimpleSerializedType(RequestEvent.RequestSubmitted.class.getName(), "1");
  private static final SimpleSerializedType V2 =
      new SimpleSerializedType(RequestEvent.RequestSubmitted.class.getName(), "2");

  @Override
  protected boolean canUpcast(IntermediateEventRepresentation representation) {
    return V1.equals(representation.getType());
  }

  @Override
  protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
    return representation.upcastPayload(V2, JsonNode.class, payload -> {
      ObjectNode node = (ObjectNode) payload;
      node.putNull("location");
      return node;
    });
  }
}
