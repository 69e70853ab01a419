package al.tirana.councilline.feed;

import al.tirana.councilline.platform.live.LiveHub;
import al.tirana.councilline.platform.live.LiveStream;
import al.tirana.councilline.platform.live.Subscription;
import al.tirana.councilline.platform.http.ApiException;
import al.tirana.councilline.platform.http.DatabaseUnavailable;
import al.tirana.councilline.platform.http.Routes;
import al.tirana.councilline.identity.Authentication;
import al.tirana.councilline.identity.Caller;
import al.tirana.councilline.request.InboxRoutes;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Live updates over Server-Sent Events and WebSocket. Both resume from a position (Last-Event-ID, ?since= or
 * "since") by replaying the read model, then follow live; both apply the same authorization as the HTTP reads.
 */
public final class LiveRoutes implements Routes {

  /** Bytes a slow client may have queued before it is disconnected (it then resumes from its last id). */
  static final int MAX_QUEUED_BYTES = 4 * 1024 * 1024;

  private final LiveHub hub;
  private final Pool pool;
  private final InboxRoutes inbox;
  private final Authentication authentication;

  public LiveRoutes(LiveHub hub, Pool pool, InboxRoutes inbox, Authentication authentication) {
    this.hub = hub;
    this.pool = pool;
    this.inbox = inbox;
    this.authentication = authentication;
  }

  @Override
  public void mount(RouterBuilder builder) {
    builder.getRoute("requestStream").addHandler(this::requestStream);
    builder.getRoute("feedStream").addHandler(this::feedStream);
    builder.getRoute("inboxStream").addHandler(this::inboxStream);
  }

  /** WebSocket is not an OpenAPI operation: it is mounted on the router directly. */
  @Override
  public void mount(Router router) {
    router.route("/ws").handler(ctx -> ctx.request().toWebSocket()
        .onSuccess(this::webSocket)
        .onFailure(ctx::fail));
  }

  private void requestStream(RoutingContext ctx) {
    String number = ctx.pathParam("number");
    Long since = since(ctx.request().getHeader("Last-Event-ID"), ctx.queryParams().get("since"));
    requestExists(number).onSuccess(v -> {
      Subscription.Sink sink = sse(ctx);
      // without a position the client gets the whole public timeline first
      Subscription subscription = hub.subscribe(LiveStream.TRACKING, since == null ? 0L : since,
          item -> number.equals(item.number()), "number = $2", List.of(number), sink);
      ctx.response().closeHandler(x -> subscription.close("client left"));
    }).onFailure(ctx::fail);
  }

  private void feedStream(RoutingContext ctx) {
    Long since = since(ctx.request().getHeader("Last-Event-ID"), ctx.queryParams().get("since"));
    Subscription subscription = hub.subscribe(LiveStream.FEED, since, item -> true, null, List.of(), sse(ctx));
    ctx.response().closeHandler(x -> subscription.close("client left"));
  }

  private void inboxStream(RoutingContext ctx) {
    Caller caller = Caller.current(ctx);
    Long since = since(ctx.request().getHeader("Last-Event-ID"), ctx.queryParams().get("since"));
    inbox.scope(caller).onSuccess(scope -> {
      Subscription subscription = subscribeInbox(scope, since, sse(ctx));
      ctx.response().closeHandler(x -> subscription.close("client left"));
    }).onFailure(ctx::fail);
  }

  private Subscription subscribeInbox(InboxRoutes.Scope scope, Long since, Subscription.Sink sink) {
    if (scope.everything()) {
      return hub.subscribe(LiveStream.INBOX, since, item -> true, null, List.of(), sink);
    }
    return hub.subscribe(LiveStream.INBOX, since,
        item -> scope.covers(item.addresseeType(), item.addresseeId(), item.assigneeType(), item.assigneeId()),
        scope.sqlCondition(2, 3), List.of(scope.counselorId(), scope.commissionIds().toArray(new String[0])), sink);
  }

  private Future<Void> requestExists(String number) {
    return pool.preparedQuery("SELECT 1 FROM request_view WHERE number = $1 AND NOT spam").execute(Tuple.of(number))
        .map(rows -> {
          if (rows.size() == 0) {
            throw ApiException.notFound("Request " + number);
          }
          return null;
        });
  }

  private static Long since(String lastEventId, String sinceParam) {
    String value = lastEventId != null ? lastEventId : sinceParam;
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

  private static Subscription.Sink sse(RoutingContext ctx) {
    HttpServerResponse response = ctx.response()
        .setChunked(true)
        .setWriteQueueMaxSize(MAX_QUEUED_BYTES)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-cache")
        .putHeader("X-Accel-Buffering", "no");
    response.write(": connected\n\n");
    return new Subscription.Sink() {
      @Override
      public boolean send(LiveStream.Item item) {
        if (response.closed()) {
          return true;
        }
        response.write("id: " + item.position() + "\nevent: " + item.type() + "\ndata: " + item.dataJson()
            + "\n\n");
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

  private void webSocket(ServerWebSocket ws) {
    Map<String, Subscription> subscriptions = new HashMap<>();
    ws.textMessageHandler(text -> {
      JsonObject message;
      try {
        message = new JsonObject(text);
      } catch (RuntimeException ex) {
        ws.writeTextMessage(error("MALFORMED_MESSAGE",
            "Send JSON such as {\"action\":\"subscribe\",\"topic\":\"feed\"}").encode());
        return;
      }
      String action = message.getString("action", "");
      String topic = message.getString("topic", "");
      if ("unsubscribe".equals(action)) {
        Subscription removed = subscriptions.remove(topic);
        if (removed != null) {
          removed.close("unsubscribed");
        }
      } else if ("subscribe".equals(action)) {
        if (subscriptions.containsKey(topic)) {
          return;
        }
        Long since = message.getValue("since") instanceof Number n ? n.longValue() : null;
        subscribeWs(ws, topic, since, message.getString("token"))
            .onSuccess(s -> subscriptions.put(topic, s))
            .onFailure(err -> ws.writeTextMessage(err instanceof ApiException api
                ? error(api.code(), api.getMessage()).put("topic", topic).encode()
                : error("SUBSCRIBE_FAILED", "Could not subscribe").put("topic", topic).encode()));
      } else {
        ws.writeTextMessage(error("UNKNOWN_ACTION", "action must be subscribe or unsubscribe").encode());
      }
    });
    ws.closeHandler(v -> subscriptions.values().forEach(s -> s.close("client left")));
  }

  private Future<Subscription> subscribeWs(ServerWebSocket ws, String topic, Long since, String token) {
    Subscription.Sink sink = wsSink(ws, topic);
    if ("feed".equals(topic)) {
      return Future.succeededFuture(hub.subscribe(LiveStream.FEED, since, item -> true, null, List.of(), sink));
    }
    if (topic.startsWith("request:")) {
      String number = topic.substring("request:".length());
      return requestExists(number).map(v -> hub.subscribe(LiveStream.TRACKING, since == null ? 0L : since,
          item -> number.equals(item.number()), "number = $2", List.of(number), sink));
    }
    if ("inbox".equals(topic)) {
      if (token == null) {
        return Future.failedFuture(ApiException.unauthorized("The inbox topic needs a token"));
      }
      return authentication.authenticate(token)
          .recover(err -> Future.failedFuture(DatabaseUnavailable.causedBy(err) ? DatabaseUnavailable.read()
              : ApiException.unauthorized("The token is invalid or expired")))
          .map(Caller::from)
          .compose(caller -> {
            if (!al.tirana.councilline.identity.AccessPolicy.allows("inboxStream", caller.role())) {
              return Future.failedFuture(ApiException.forbidden("No inbox for this role"));
            }
            return inbox.scope(caller);
          })
          .map(scope -> subscribeInbox(scope, since, sink));
    }
    return Future.failedFuture(ApiException.badRequest("UNKNOWN_TOPIC",
        "topic must be feed, inbox or request:<number>", null));
  }

  private static Subscription.Sink wsSink(ServerWebSocket ws, String topic) {
    ws.setWriteQueueMaxSize(MAX_QUEUED_BYTES);
    // {"topic":...,"id":...,"type":...,"data":{...}}, assembled around the item's JSON encoded once
    String prefix = "{\"topic\":" + Json.encode(topic) + ",\"id\":";
    return new Subscription.Sink() {
      @Override
      public boolean send(LiveStream.Item item) {
        if (ws.isClosed()) {
          return true;
        }
        ws.writeTextMessage(prefix + item.position() + ",\"type\":" + Json.encode(item.type()) + ",\"data\":"
            + item.dataJson() + "}");
        return !ws.writeQueueFull();
      }

      @Override
      public void heartbeat() {
        if (!ws.isClosed()) {
          ws.writePing(io.vertx.core.buffer.Buffer.buffer());
        }
      }

      @Override
      public void close(String reason) {
        if (ws.isClosed()) {
          return;
        }
        ws.writeTextMessage(new JsonObject().put("topic", topic).put("closed", reason).encode());
        if (Subscription.TOO_FAR_BEHIND.equals(reason)) {
          // the socket's buffers are shared by all its topics: only closing it bounds the memory
          ws.close();
        }
      }
    };
  }

  private static JsonObject error(String code, String message) {
    return new JsonObject().put("error", code).put("message", message);
  }
}
