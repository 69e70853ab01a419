package al.tirana.councilline.support;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.UUID;

/**
 * Writes event rows straight into Axon's event table, as the JDBC event store does (a fresh event id, empty
 * metadata): for tests of events stored in an older shape, or of an event whose transaction is still open.
 */
public final class StoredEvents {

  private StoredEvents() {
  }

  /**
   * Appends {@code payload} (the serialized event) as event {@code sequence} of aggregate {@code aggregateId} of
   * type {@code aggregateType}, on the caller's connection and in its transaction.
   */
  public static void append(Connection connection, String aggregateType, String aggregateId, long sequence,
                            Class<?> payloadType, String revision, byte[] payload, Instant at) throws Exception {
    try (PreparedStatement ps = connection.prepareStatement("INSERT INTO domain_event_entry (aggregate_identifier, "
        + "sequence_number, type, event_identifier, meta_data, payload, payload_revision, payload_type, time_stamp) "
        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, aggregateId);
      ps.setLong(2, sequence);
      ps.setString(3, aggregateType);
      ps.setString(4, UUID.randomUUID().toString());
      ps.setBytes(5, "{}".getBytes(StandardCharsets.UTF_8));
      ps.setBytes(6, payload);
      ps.setString(7, revision);
      ps.setString(8, payloadType.getName());
      ps.setString(9, at.toString());
      ps.executeUpdate();
    }
  }
}
