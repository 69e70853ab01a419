package al.tirana.councilline.core;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Small helpers every route uses to answer in JSON and hand failures to the one failure handler. */
public final class Http {

  private Http() {
  }

  public static void reply(RoutingContext ctx, int status, Future<?> result) {
    result.onSuccess(value -> send(ctx, status, value)).onFailure(ctx::fail);
  }

  public static void send(RoutingContext ctx, int status, Object value) {
    if (ctx.response().ended()) {
      return;
    }
    String body = value instanceof JsonObject json ? json.encode()
        : value instanceof JsonArray array ? array.encode() : String.valueOf(value);
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8").end(body);
  }

  /** The validated JSON body, or an empty object for operations whose body is optional. */
  public static JsonObject body(RoutingContext ctx) {
    if (ctx.body() == null || ctx.body().length() == 0) {
      return new JsonObject();
    }
    return ctx.body().asJsonObject();
  }
}
