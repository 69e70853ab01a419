package al.tirana.councilline.directory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * Commissions had no policy areas before revision 2 of CommissionCreated and CommissionUpdated. A commission
 * recorded then routes nothing by topic until an administrator gives it areas, so revision 1 reads as "none".
 */
public final class CommissionPolicyAreasUpcaster extends SingleEventUpcaster {

  private static final String CREATED = DirectoryEvent.CommissionCreated.class.getName();
  private static final String UPDATED = DirectoryEvent.CommissionUpdated.class.getName();

  @Override
  protected boolean canUpcast(IntermediateEventRepresentation representation) {
    String name = representation.getType().getName();
    return "1".equals(representation.getType().getRevision()) && (CREATED.equals(name) || UPDATED.equals(name));
  }

  @Override
  protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
    return representation.upcastPayload(new SimpleSerializedType(representation.getType().getName(), "2"),
        JsonNode.class, payload -> {
          ((ObjectNode) payload).putArray("policyAreas");
          return payload;
        });
  }
}
