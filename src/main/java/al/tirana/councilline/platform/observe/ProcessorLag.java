package al.tirana.councilline.platform.observe;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;

/**
 * How many events each streaming processor is behind the head of the event log: the highest global index minus the
 * position of the processor's token. Read from the shared token store, so every node tells the same for the
 * cluster, whichever node holds the processor's claim.
 */
public record ProcessorLag(Pool pool, Serializer serializer, List<String> processors) {

  /** Events behind, per processor, in the order of the processors' names (a processor without a token is behind by all). */
  public Future<Map<String, Long>> lags() {
    return pool.query("SELECT coalesce(max(global_index), -1) FROM domain_event_entry").execute()
        .compose(head -> pool.query("SELECT processor_name, token_type, token FROM token_entry").execute()
            .map(tokens -> {
              long top = head.iterator().next().getLong(0);
              Map<String, Long> positions = new LinkedHashMap<>();
              for (Row row : tokens) {
                positions.merge(row.getString("processor_name"), position(row), Math::min);
              }
              Map<String, Long> lags = new LinkedHashMap<>();
              for (String processor : processors) {
                lags.put(processor, Math.max(0, top - positions.getOrDefault(processor, -1L)));
              }
              return lags;
            }));
  }

  private long position(Row row) {
    io.vertx.core.buffer.Buffer token = row.getBuffer("token");
    String type = row.getString("token_type");
    if (token == null || type == null) {
      return -1;
    }
    TrackingToken tracking = serializer.deserialize(
        new SimpleSerializedObject<>(token.getBytes(), byte[].class, new SimpleSerializedType(type, null)));
    return tracking == null ? -1 : tracking.position().orElse(-1);
  }
}
