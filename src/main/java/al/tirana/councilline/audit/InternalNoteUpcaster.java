package al.tirana.councilline.audit;

import al.tirana.councilline.request.RequestEvent;
import al.tirana.councilline.request.RevisionUpcaster;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;

/**
 * Internal notes were first stored (revision 0) with their text under "note"; revision 1 calls it "text". Stored
 * events are never rewritten, so old ones are read through this upcaster.
 */
public final class InternalNoteUpcaster extends RevisionUpcaster {

  public InternalNoteUpcaster() {
    super(RequestEvent.InternalNoteAdded.class, "0", "1");
  }

  @Override
  protected Consumer<ObjectNode> change(IntermediateEventRepresentation representation) {
    return payload -> payload.set("text", payload.remove("note"));
  }
}
