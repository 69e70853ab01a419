package al.tirana.councilline.feed;

import al.tirana.councilline.identity.Caller;
import al.tirana.councilline.platform.http.ApiException;
import al.tirana.councilline.platform.http.Operation;
import al.tirana.councilline.platform.http.Routes;
import al.tirana.councilline.platform.live.Admission;
import al.tirana.councilline.platform.live.LiveStream;
import al.tirana.councilline.platform.live.Subscription;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Live updates over Server-Sent Events: a client resumes from a position (Last-Event-ID or ?since=) and follows
 * live, with the same authorization as the HTTP reads (the contract's operations). The WebSocket protocol carries
 * the same topics ({@link LiveSocket}).
 */
record LiveRoutes(LiveTopics topics) implements Routes {

  @Operation("requestStream")
  private void requestStream(RoutingContext ctx) {
    Long since = since(ctx);
    follow(ctx, admit(ctx), topics.request(ctx.pathParam("number"), since, () -> sse(ctx)));
  }

  @Operation("feedStream")
  private void feedStream(RoutingContext ctx) {
    Long since = since(ctx);
    follow(ctx, admit(ctx), Future.succeededFuture(topics.feed(since, sse(ctx))));
  }

  @Operation("inboxStream")
  private void inboxStream(RoutingContext ctx) {
    Long since = since(ctx);
    follow(ctx, admit(ctx), topics.inbox(Caller.current(ctx), since, () -> sse(ctx)));
  }

  /**
   * Takes the stream's place on the node (or refuses it with 503) and gives it back however the exchange ends: the
   * client leaving (the connection closed, an HTTP/2 stream reset), the server ending the stream, or a refusal of
   * the subscription itself.
   */
  private Admission admit(RoutingContext ctx) {
    // a stream over HTTP/2 shares its connection with others; over HTTP/1.1 it holds a connection of its own
    Admission admission = topics.admit(ctx.request().version() != HttpVersion.HTTP_2);
    Handler<Void> release = v -> admission.release();
    ctx.response().closeHandler(release).endHandler(release);
    return admission;
  }

  /**
   * Follows the subscription until the exchange ends. What the routing context gathered for the handlers (the
   * validated parameters, the caller, the trace id) is dropped once the stream runs: nothing reads it any more,
   * and a node holds tens of thousands of these exchanges.
   */
  private static void follow(RoutingContext ctx, Admission admission, Future<Subscription> subscribed) {
    HttpServerResponse response = ctx.response();
    subscribed.onSuccess(subscription -> {
      Handler<Void> ended = v -> {
        admission.release();
        subscription.close("client left");
      };
      response.closeHandler(ended).endHandler(ended);
      if (response.closed()) {
        ended.handle(null);
      }
      ctx.data().clear();
      // the request (a GET) has been read in full: the body handler's hold on the routing context can go too
      ctx.request().handler(null).endHandler(null);
    }).onFailure(err -> {
      admission.release();
      ctx.fail(err);
    });
  }

  private static Long since(RoutingContext ctx) {
    String lastEventId = ctx.request().getHeader("Last-Event-ID");
    String value = lastEventId != null ? lastEventId : ctx.queryParams().get("since");
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      long position = Long.parseLong(value.trim());
      if (position < 0) {
        throw new NumberFormatException();
      }
      return position;
    } catch (NumberFormatException ex) {
      throw ApiException.badRequest("VALIDATION_FAILED", "Last-Event-ID and since must be a position (0 or more)",
          new JsonArray().add(new JsonObject().put("field", "Last-Event-ID").put("problem", "not a position")));
    }
  }

  /**
   * An item's SSE frame is encoded once and the same buffer written to every stream: each write takes a slice of
   * it (Vert.x's Buffer hands Netty a new view of its bytes per write and never releases them), so no stream
   * consumes another's bytes.
   */
  private static final Object SSE_FRAME = new Object();

  private static Buffer sseFrame(LiveStream.Item item) {
    return Buffer.buffer("id: " + item.position() + "\nevent: " + item.type() + "\ndata: " + item.dataJson() + "\n\n");
  }

  private static Subscription.Sink sse(RoutingContext ctx) {
    HttpServerResponse response = ctx.response()
        .setChunked(true)
        .setWriteQueueMaxSize(LiveTopics.MAX_QUEUED_BYTES)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-cache")
        .putHeader("X-Accel-Buffering", "no");
    response.write(": connected\n\n");
    HttpConnection connection = ctx.request().connection();
    return new Subscription.Sink() {
      @Override
      public Object connection() {
        return connection;
      }

      @Override
      public boolean send(LiveStream.Item item) {
        if (response.closed()) {
          return true;
        }
        response.write(item.encoded(SSE_FRAME, LiveRoutes::sseFrame));
        return !response.writeQueueFull();
      }

      @Override
      public void heartbeat() {
        if (!response.closed()) {
          response.write(": heartbeat\n\n");
        }
      }

      @Override
      public void close(String reason) {
        if (!response.closed() && !response.ended()) {
          response.end();
        }
      }
    };
  }
}
