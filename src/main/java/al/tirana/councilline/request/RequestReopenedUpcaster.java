package al.tirana.councilline.request;

import al.tirana.councilline.shared.Status;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.Consumer;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;

/**
 * Revision 1 of {@link RequestEvent.RequestReopened} did not say which status the request returned to, so every
 * read model worked it out again from the request's history. Revision 2 carries it. A stored revision-1 event gets
 * the status the request decided then: ASSIGNED if an earlier event of the same request assigned or reassigned it,
 * else ACKNOWLEDGED.
 *
 * <p>The earlier events are looked up in the event store rather than remembered from the stream being upcast: a
 * processor's stream usually starts after the request's first events (at its token, or in a fresh batch), so a
 * context built from the stream alone would not know of an assignment made before it. The look-up uses the unique
 * (aggregate, sequence) index, and only events stored before revision 2 existed ever need it.
 */
public final class RequestReopenedUpcaster extends RevisionUpcaster {

  private static final String EVER_ASSIGNED = "SELECT 1 FROM domain_event_entry WHERE aggregate_identifier = ? "
      + "AND sequence_number < ? AND payload_type IN (?, ?) LIMIT 1";

  private final ConnectionProvider connections;

  public RequestReopenedUpcaster(ConnectionProvider connections) {
    super(RequestEvent.RequestReopened.class, "1", "2");
    this.connections = connections;
  }

  @Override
  protected Consumer<ObjectNode> change(IntermediateEventRepresentation representation) {
    String number = representation.getAggregateIdentifier().orElseThrow(() -> new IllegalStateException(
        "A stored RequestReopened without its request: " + representation.getMessageIdentifier()));
    long sequence = representation.getSequenceNumber().orElseThrow(() -> new IllegalStateException(
        "A stored RequestReopened without its sequence number: " + representation.getMessageIdentifier()));
    Status status = everAssigned(number, sequence) ? Status.ASSIGNED : Status.ACKNOWLEDGED;
    return payload -> payload.put("status", status.name());
  }

  private boolean everAssigned(String number, long before) {
    try (Connection connection = connections.getConnection();
         PreparedStatement ps = connection.prepareStatement(EVER_ASSIGNED)) {
      ps.setString(1, number);
      ps.setLong(2, before);
      ps.setString(3, RequestEvent.RequestAssigned.class.getName());
      ps.setString(4, RequestEvent.RequestReassigned.class.getName());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException ex) {
      throw new IllegalStateException("Could not read the history of " + number + " to upcast its reopening", ex);
    }
  }
}
