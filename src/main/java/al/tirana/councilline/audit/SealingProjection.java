package al.tirana.councilline.audit;

import al.tirana.councilline.core.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.annotation.MessageIdentifier;

/**
 * Seals every stored event into the hash chain, reading the row exactly as stored. It is never reset: the chain is
 * evidence, and rebuilding it from altered rows would launder the alteration.
 */
@ProcessingGroup(SealingProjection.NAME)
public final class SealingProjection {

  public static final String NAME = "event-seal";

  private final ConnectionProvider connections;
  private final Sql sql;

  public SealingProjection(ConnectionProvider connections) {
    this.connections = connections;
    this.sql = new Sql(connections);
  }

  @EventHandler
  void on(EventMessage<?> event, @MessageIdentifier String eventId) throws SQLException {
    Connection c = connections.getConnection();
    try (PreparedStatement ps = c.prepareStatement("SELECT global_index, aggregate_identifier, sequence_number, "
        + "event_identifier, payload_type, payload_revision, time_stamp, meta_data, payload "
        + "FROM domain_event_entry WHERE event_identifier = ?")) {
      ps.setString(1, eventId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return; // not a stored domain event
        }
        long globalIndex = rs.getLong(1);
        if (sql.single("SELECT 1 FROM event_seal WHERE global_index = ?", globalIndex).isPresent()) {
          return;
        }
        String previous = sql.single("SELECT hash FROM event_seal ORDER BY seal_position DESC LIMIT 1")
            .orElse(EventSeal.GENESIS);
        String hash = EventSeal.next(previous, globalIndex, rs.getString(2), rs.getLong(3), rs.getString(4),
            rs.getString(5), rs.getString(6), rs.getString(7), rs.getBytes(8), rs.getBytes(9));
        sql.update("INSERT INTO event_seal (global_index, hash) VALUES (?, ?)", globalIndex, hash);
      }
    }
  }
}
