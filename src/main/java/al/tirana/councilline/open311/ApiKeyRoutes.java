package al.tirana.councilline.open311;

import al.tirana.councilline.platform.http.Http;
import al.tirana.councilline.platform.http.Operation;
import al.tirana.councilline.platform.http.Routes;
import al.tirana.councilline.identity.Caller;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** ADMIN creates, lists and revokes the keys of integrating systems. */
record ApiKeyRoutes(ApiKeys keys) implements Routes {

  @Operation("createApiKey")
  private void create(RoutingContext ctx) {
    JsonObject body = Http.body(ctx);
    Http.reply(ctx, 201, keys.create(body.getString("name"), body.getInteger("rateLimitPerMinute"),
        Caller.current(ctx).actor()));
  }

  @Operation("listApiKeys")
  private void list(RoutingContext ctx) {
    Http.reply(ctx, 200, keys.list());
  }

  @Operation("revokeApiKey")
  private void revoke(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Http.reply(ctx, 200, keys.revoke(id, Caller.current(ctx).actor())
        .map(done -> new JsonObject().put("id", id).put("revoked", true)));
  }
}
