package al.tirana.councilline.request;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;

/**
 * Submissions stored before requests carried a place (RequestSubmitted revision 1) are read as revision 2 with no
 * location; their administrative unit, already in revision 1, is kept as it was.
 */
public final class LocationUpcaster extends RevisionUpcaster {

  public LocationUpcaster() {
    super(RequestEvent.RequestSubmitted.class, "1", "2");
  }

  @Override
  protected Consumer<ObjectNode> change(IntermediateEventRepresentation representation) {
    return payload -> payload.putNull("location");
  }
}
