package al.tirana.councilline.platform.observe;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Gives every HTTP request a trace id: the one of an incoming W3C {@code traceparent} when it is well formed, else a
 * new random one. It is returned as {@code X-Request-Id} (and as this hop's {@code traceparent}), travels with the
 * commands the request sends into their log lines and their events' metadata ({@link TraceCorrelation}), so an
 * auditor can link an event to the request that caused it.
 */
public final class TraceIds implements PlatformHandler {

  public static final String HEADER = "X-Request-Id";
  /** The name in log lines (MDC) and in JSON logs. */
  public static final String LOG_KEY = "trace_id";
  /** The name in an event's metadata. */
  public static final String METADATA_KEY = "traceId";

  private static final Pattern TRACEPARENT =
      Pattern.compile("^[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$");
  private static final String INVALID_TRACE = "0".repeat(32);
  private static final SecureRandom RANDOM = new SecureRandom();

  @Override
  public void handle(RoutingContext ctx) {
    String traceId = incoming(ctx.request().getHeader("traceparent"));
    if (traceId == null) {
      traceId = random(16);
    }
    // each request runs on a context of its own (a duplicate of the connection's), which the futures it composes
    // keep: what is stored here is seen by Commands.send of this request and by no other request
    Context context = Vertx.currentContext();
    if (context instanceof ContextInternal internal) {
      internal.localContextData().put(TraceIds.class, traceId);
    }
    ctx.put(LOG_KEY, traceId);
    ctx.response().putHeader(HEADER, traceId);
    ctx.response().putHeader("traceparent", "00-" + traceId + "-" + random(8) + "-01");
    ctx.next();
  }

  /** The trace id of the request being handled on the calling context, or null outside a request. */
  public static String current() {
    Context context = Vertx.currentContext();
    if (context instanceof ContextInternal internal) {
      Object id = internal.localContextData().get(TraceIds.class);
      return id instanceof String s ? s : null;
    }
    return null;
  }

  static String incoming(String traceparent) {
    if (traceparent == null) {
      return null;
    }
    var match = TRACEPARENT.matcher(traceparent.trim());
    if (!match.matches() || match.group(1).equals(INVALID_TRACE) || traceparent.startsWith("ff")) {
      return null;
    }
    return match.group(1);
  }

  private static String random(int bytes) {
    byte[] id = new byte[bytes];
    RANDOM.nextBytes(id);
    return HexFormat.of().formatHex(id);
  }
}
