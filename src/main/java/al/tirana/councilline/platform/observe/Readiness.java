package al.tirana.councilline.platform.observe;

import al.tirana.councilline.platform.db.SchemaMigrator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Whether this node can serve fresh reads: every schema script applied, every streaming processor running here, and
 * none more than READY_MAX_LAG events behind the head of the log. A load balancer that asks /ready stops sending
 * traffic to a node that answers 503, which says why.
 */
public final class Readiness {

  private final Vertx vertx;
  private final Pool pool;
  private final ProcessorLag lag;
  private final Predicate<String> running;
  private final long maxLag;
  private Future<List<String>> scripts;

  public Readiness(Vertx vertx, Pool pool, ProcessorLag lag, Predicate<String> running, long maxLag) {
    this.vertx = vertx;
    this.pool = pool;
    this.lag = lag;
    this.running = running;
    this.maxLag = maxLag;
  }

  /** {@code {"ready": true|false, "reasons": [...], "processors": {name: lag}}}; fails only if the database is away. */
  public Future<JsonObject> check() {
    if (scripts == null) {
      scripts = vertx.executeBlocking(SchemaMigrator::scripts, false);
    }
    Future<Set<String>> applied = pool.query("SELECT script FROM schema_history").execute().map(rows -> {
      Set<String> names = new HashSet<>();
      rows.forEach(row -> names.add(row.getString(0)));
      return names;
    });
    Future<Map<String, Long>> lags = lag.lags();
    return Future.all(scripts, applied, lags).map(all -> {
      JsonArray reasons = new JsonArray();
      List<String> missing = new ArrayList<>(scripts.result());
      missing.removeAll(applied.result());
      if (!missing.isEmpty()) {
        reasons.add(new JsonObject().put("reason", "MIGRATIONS_PENDING").put("scripts", new JsonArray(missing)));
      }
      JsonObject processors = new JsonObject();
      lags.result().forEach((processor, behind) -> {
        processors.put(processor, behind);
        if (!running.test(processor)) {
          reasons.add(new JsonObject().put("reason", "PROCESSOR_STOPPED").put("processor", processor));
        }
        if (behind > maxLag) {
          reasons.add(new JsonObject().put("reason", "PROCESSOR_BEHIND").put("processor", processor)
              .put("lag", behind).put("maxLag", maxLag));
        }
      });
      return new JsonObject().put("ready", reasons.isEmpty()).put("reasons", reasons).put("processors", processors);
    });
  }
}
