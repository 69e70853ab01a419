package al.tirana.councilline.audit;

import al.tirana.councilline.platform.sql.Sql;
import al.tirana.councilline.request.RequestsInBatch;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.axonframework.eventhandling.EventMessage;

/**
 * One processor batch of the hash chain: the stored rows of all the batch's events, which of them are sealed
 * already, and the last hash, each read once when the batch starts; the chain then grows in memory, event after
 * event, and its seals are inserted in that order before the commit. Four statements per event were the sealing
 * processor's whole cost.
 */
final class SealBatch {

  private static final String ROWS = "SELECT event_identifier, global_index, aggregate_identifier, sequence_number, "
      + "payload_type, payload_revision, time_stamp, meta_data, payload FROM domain_event_entry "
      + "WHERE event_identifier = ANY(?)";

  /** A stored event, as the chain hashes it. */
  private record Row(long globalIndex, String aggregateIdentifier, long sequenceNumber, String eventIdentifier,
                     String payloadType, String payloadRevision, String timeStamp, byte[] metaData,
                     byte[] payload) {
  }

  private final Map<String, Row> rows = new HashMap<>();
  private final Set<Long> sealed = new HashSet<>();
  private String previous;

  static SealBatch read(Sql sql) {
    SealBatch batch = new SealBatch();
    for (Row row : sql.rowsOf(ROWS, eventIdsInBatch(), rs -> new Row(rs.getLong(2), rs.getString(3), rs.getLong(4),
        rs.getString(1), rs.getString(5), rs.getString(6), rs.getString(7), rs.getBytes(8), rs.getBytes(9)))) {
      batch.rows.put(row.eventIdentifier(), row);
    }
    if (!batch.rows.isEmpty()) {
      String[] indexes = batch.rows.values().stream().map(r -> String.valueOf(r.globalIndex())).toArray(String[]::new);
      for (String[] row : sql.rowsOf("SELECT global_index FROM event_seal WHERE global_index = ANY(?::bigint[])",
          indexes)) {
        batch.sealed.add(Long.parseLong(row[0]));
      }
    }
    batch.previous = sql.single("SELECT hash FROM event_seal ORDER BY seal_position DESC LIMIT 1")
        .orElse(EventSeal.GENESIS);
    return batch;
  }

  private static String[] eventIdsInBatch() {
    return RequestsInBatch.messages().stream().map(EventMessage::getIdentifier).toArray(String[]::new);
  }

  /** Seals the event unless it is not a stored domain event or is sealed already (a replayed batch). */
  void seal(String eventId, Sql sql) {
    Row row = rows.get(eventId);
    if (row == null || !sealed.add(row.globalIndex())) {
      return;
    }
    previous = EventSeal.next(previous, row.globalIndex(), row.aggregateIdentifier(), row.sequenceNumber(),
        row.eventIdentifier(), row.payloadType(), row.payloadRevision(), row.timeStamp(), row.metaData(),
        row.payload());
    sql.insertInOrder("event_seal", String.valueOf(row.globalIndex()),
        "INSERT INTO event_seal (global_index, hash) VALUES (?, ?)", row.globalIndex(), previous);
  }
}
