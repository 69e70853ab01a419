package al.tirana.councilline.feed;

import al.tirana.councilline.identity.AccessPolicy;
import al.tirana.councilline.identity.Authentication;
import al.tirana.councilline.identity.Caller;
import al.tirana.councilline.platform.http.ApiException;
import al.tirana.councilline.platform.http.DatabaseUnavailable;
import al.tirana.councilline.platform.http.Routes;
import al.tirana.councilline.platform.live.Admission;
import al.tirana.councilline.platform.live.LiveStream;
import al.tirana.councilline.platform.live.Subscription;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The WebSocket protocol at {@code /ws}: one socket, many topics ({@code feed}, {@code inbox} with a token,
 * {@code request:<number>}), each subscribed and unsubscribed by a JSON message and resumed from {@code since}.
 * It carries what the SSE streams carry ({@link LiveTopics}), with the same authorization.
 */
record LiveSocket(LiveTopics topics, Authentication authentication) implements Routes {

  /** WebSocket is not an OpenAPI operation: it is mounted on the router directly, after the contract's routes. */
  @Override
  public void mount(Router router) {
    router.route("/ws").handler(ctx -> {
      // a node without room refuses the handshake itself (503 JSON), before the socket costs anything
      Admission admission = topics.admit(true);
      ctx.request().toWebSocket()
          .onSuccess(ws -> webSocket(ws, admission))
          .onFailure(err -> {
            admission.release();
            ctx.fail(err);
          });
    });
  }

  private void webSocket(ServerWebSocket ws, Admission admission) {
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
        subscribe(ws, topic, since, message.getString("token"))
            .onSuccess(s -> subscriptions.put(topic, s))
            .onFailure(err -> ws.writeTextMessage(err instanceof ApiException api
                ? error(api.code(), api.getMessage()).put("topic", topic).encode()
                : error("SUBSCRIBE_FAILED", "Could not subscribe").put("topic", topic).encode()));
      } else {
        ws.writeTextMessage(error("UNKNOWN_ACTION", "action must be subscribe or unsubscribe").encode());
      }
    });
    ws.closeHandler(v -> {
      admission.release();
      subscriptions.values().forEach(s -> s.close("client left"));
    });
  }

  private Future<Subscription> subscribe(ServerWebSocket ws, String topic, Long since, String token) {
    if ("feed".equals(topic)) {
      return Future.succeededFuture(topics.feed(since, sink(ws, topic)));
    }
    if (topic.startsWith("request:")) {
      return topics.request(topic.substring("request:".length()), since, () -> sink(ws, topic));
    }
    if ("inbox".equals(topic)) {
      if (token == null) {
        return Future.failedFuture(ApiException.unauthorized("The inbox topic needs a token"));
      }
      return authentication.authenticate(token)
          .recover(err -> Future.failedFuture(DatabaseUnavailable.causedBy(err) ? DatabaseUnavailable.read()
              : ApiException.unauthorized("The token is invalid or expired")))
          .map(Caller::from)
          .compose(caller -> AccessPolicy.allows("inboxStream", caller.role())
              ? topics.inbox(caller, since, () -> sink(ws, topic))
              : Future.failedFuture(ApiException.forbidden("No inbox for this role")));
    }
    return Future.failedFuture(ApiException.badRequest("UNKNOWN_TOPIC",
        "topic must be feed, inbox or request:<number>", null));
  }

  /** Prefix of an item's encodings as a WebSocket message, one per topic (SSE frames have a key of their own). */
  private static final String WEB_SOCKET_MESSAGE = "ws:";

  private static Subscription.Sink sink(ServerWebSocket ws, String topic) {
    ws.setWriteQueueMaxSize(LiveTopics.MAX_QUEUED_BYTES);
    // {"topic":...,"id":...,"type":...,"data":{...}}, assembled around the item's JSON encoded once
    String prefix = "{\"topic\":" + Json.encode(topic) + ",\"id\":";
    // the message depends on the item and the topic only: the first socket of a topic encodes it, the others reuse it
    Function<LiveStream.Item, String> encode = item -> prefix + item.position() + ",\"type\":"
        + Json.encode(item.type()) + ",\"data\":" + item.dataJson() + "}";
    String format = WEB_SOCKET_MESSAGE + topic;
    return new Subscription.Sink() {
      @Override
      public String transport() {
        return "websocket";
      }

      @Override
      public boolean send(LiveStream.Item item) {
        if (ws.isClosed()) {
          return true;
        }
        ws.writeTextMessage(item.encoded(format, encode));
        return !ws.writeQueueFull();
      }

      @Override
      public void heartbeat() {
        if (!ws.isClosed()) {
          ws.writePing(Buffer.buffer());
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
