package al.tirana.councilline.platform.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;

/** The node's own operation: whether it reaches its database. */
record Health(Pool pool) implements Routes {

  /** The pool gives up after DB_TIMEOUT, so a frozen database is reported DOWN in time rather than awaited. */
  @Operation("health")
  void health(RoutingContext ctx) {
    pool.query("SELECT 1").execute()
        .onSuccess(rows -> Http.send(ctx, 200, new JsonObject().put("status", "UP")))
        .onFailure(err -> {
          ctx.response().putHeader("Retry-After", String.valueOf(DatabaseUnavailable.RETRY_AFTER_SECONDS));
          Http.send(ctx, 503, new JsonObject().put("status", "DOWN").put("error", DatabaseUnavailable.CODE)
              .put("message", "The database does not answer"));
        });
  }
}
