package al.tirana.councilline.guidance;

import al.tirana.councilline.platform.http.Http;
import al.tirana.councilline.platform.http.Operation;
import al.tirana.councilline.platform.http.Routes;
import al.tirana.councilline.directory.DirectoryLookup;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;

/**
 * "Not sure whom to write to?": tells the form, before sending, where a request on a topic will go without an
 * addressee. The same query decides it in the submission itself (DirectoryLookup), so the form cannot promise one
 * commission while the request goes to another.
 */
record RoutingRoutes(Pool pool, Optional<String> defaultCommission) implements Routes {

  private static final String ROUTE = DirectoryLookup.routeByTopicSql("$1", "$2", "$2");

  @Operation("routeByTopic")
  private void route(RoutingContext ctx) {
    String category = ctx.pathParam("category");
    String fallback = defaultCommission.orElse(null);
    Http.reply(ctx, 200, pool.preparedQuery(ROUTE).execute(Tuple.of(category, fallback)).map(rows -> {
      JsonObject answer = new JsonObject().put("category", category);
      if (rows.size() == 0) {
        return answer.putNull("addressee").put("reason", "NONE");
      }
      Row row = rows.iterator().next();
      return answer.put("addressee", new JsonObject().put("type", "COMMISSION").put("id", row.getString("id"))
          .put("name", row.getString("name"))).put("reason", row.getString("reason"));
    }));
  }
}
