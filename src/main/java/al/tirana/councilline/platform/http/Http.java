package al.tirana.councilline.platform.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

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

  /**
   * An integer query parameter, or the fallback when it is absent. The contract has already refused anything but
   * digits within the parameter's range; this stays a 400, not a 500, should a handler read a parameter the contract
   * does not declare as an integer.
   */
  public static long longQuery(RoutingContext ctx, String name, long fallback) {
    return query(ctx, name, fallback, Long::parseLong, "a whole number written in digits", "not a whole number");
  }

  /**
   * A query parameter read by {@code parse}, or the fallback when it is absent. A value {@code parse} refuses (by
   * throwing) is a 400 naming the parameter: "{name} must be {expected}", with the problem as its detail.
   */
  public static <T> T query(RoutingContext ctx, String name, T fallback, Function<String, T> parse, String expected,
                            String problem) {
    String value = ctx.queryParams().get(name);
    if (value == null) {
      return fallback;
    }
    try {
      return parse.apply(value);
    } catch (RuntimeException ex) {
      throw ApiException.badRequest("VALIDATION_FAILED", name + " must be " + expected,
          new JsonArray().add(new JsonObject().put("field", name).put("problem", problem)));
    }
  }

  /** {@link #longQuery} for parameters the contract bounds to the int range. */
  public static int intQuery(RoutingContext ctx, String name, int fallback) {
    long value = longQuery(ctx, name, fallback);
    if (value != (int) value) {
      throw ApiException.badRequest("VALIDATION_FAILED", name + " is out of range",
          new JsonArray().add(new JsonObject().put("field", name).put("problem", "out of range")));
    }
    return (int) value;
  }

  /** The validated JSON body, or an empty object for operations whose body is optional. */
  public static JsonObject body(RoutingContext ctx) {
    // length() is -1, not 0, when no body was sent at all (no Content-Type, no Content-Length)
    JsonObject body = ctx.body() == null || ctx.body().length() <= 0 ? null : ctx.body().asJsonObject();
    return body == null ? new JsonObject() : body;
  }
}
