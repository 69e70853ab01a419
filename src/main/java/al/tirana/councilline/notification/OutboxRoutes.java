package al.tirana.councilline.notification;

import al.tirana.councilline.platform.http.Http;
import al.tirana.councilline.platform.http.Operation;
import al.tirana.councilline.platform.http.Routes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/** What was mailed, to whom (citizens by reference only) and how it went; bodies are never shown. */
record OutboxRoutes(Pool pool) implements Routes {

  @Operation("listOutbox")
  private void list(RoutingContext ctx) {
    String status = ctx.queryParams().get("status");
    String number = ctx.queryParams().get("number");
    Http.reply(ctx, 200, pool.preparedQuery("SELECT id, template, number, recipient, status, attempts, last_error, "
            + "created_at, sent_at, channel, delivery_state, error_code FROM mail_outbox WHERE ($1::text IS NULL OR status = $1) "
            + "AND ($2::text IS NULL OR number = $2) ORDER BY id DESC LIMIT 500")
        .execute(Tuple.of(status, number)).map(rows -> {
          JsonArray mails = new JsonArray();
          rows.forEach(r -> mails.add(new JsonObject()
              .put("id", r.getLong("id"))
              .put("template", r.getString("template"))
              .put("number", r.getString("number"))
              .put("recipient", r.getString("recipient"))
              .put("status", r.getString("status"))
              .put("attempts", r.getInteger("attempts"))
              .put("lastError", r.getString("last_error"))
              .put("channel", r.getString("channel"))
              .put("deliveryState", r.getString("delivery_state"))
              .put("errorCode", r.getInteger("error_code"))
              .put("createdAt", r.getOffsetDateTime("created_at").toInstant().toString())
              .put("sentAt", r.getOffsetDateTime("sent_at") == null ? null
                  : r.getOffsetDateTime("sent_at").toInstant().toString())));
          return new JsonObject().put("items", mails);
        }));
  }
}
