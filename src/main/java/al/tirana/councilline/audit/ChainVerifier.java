package al.tirana.councilline.audit;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Re-hashes the stored log along the seal chain and reports the first position where it no longer matches. */
public final class ChainVerifier {

  private ChainVerifier() {
  }

  /** Blocking: run it on a worker thread or from the command line. */
  public static JsonObject verify(DataSource dataSource) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false); // lets the driver stream the log with a cursor instead of loading it whole
      try (PreparedStatement ps = c.prepareStatement("SELECT s.seal_position, s.global_index, s.hash, "
          + "e.global_index AS present, e.aggregate_identifier, e.sequence_number, e.event_identifier, "
          + "e.payload_type, e.payload_revision, e.time_stamp, e.meta_data, e.payload "
          + "FROM event_seal s LEFT JOIN domain_event_entry e ON e.global_index = s.global_index "
          + "ORDER BY s.seal_position")) {
        ps.setFetchSize(1_000);
        String previous = EventSeal.GENESIS;
        long count = 0;
        long lastPosition = 0;
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            long position = rs.getLong("global_index");
            if (rs.getObject("present") == null) {
              return failure(position, "the event at this position was deleted", count);
            }
            String expected = EventSeal.next(previous, position, rs.getString("aggregate_identifier"),
                rs.getLong("sequence_number"), rs.getString("event_identifier"), rs.getString("payload_type"),
                rs.getString("payload_revision"), rs.getString("time_stamp"), rs.getBytes("meta_data"),
                rs.getBytes("payload"));
            if (!expected.equals(rs.getString("hash"))) {
              return failure(position, "the stored event no longer matches its seal", count);
            }
            previous = expected;
            lastPosition = position;
            count++;
          }
        }
        c.rollback();
        return new JsonObject().put("status", "OK").put("verified", count)
            .put("head", new JsonObject().put("position", lastPosition).put("hash", previous));
      }
    }
  }

  private static JsonObject failure(long position, String problem, long verifiedBefore) {
    return new JsonObject().put("status", "TAMPERED").put("position", position).put("problem", problem)
        .put("verified", verifiedBefore);
  }
}
