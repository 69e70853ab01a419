package al.tirana.councilline.whatsapp;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Meta's side of the Graph API's messages endpoint ({@code POST /{phone-number-id}/messages}), as documented: it
 * answers {@code {messaging_product, contacts:[{input, wa_id}], messages:[{id}]}}, or an error that a test queued
 * for one recipient ({@code {error:{message, type, code, fbtrace_id}}}), and keeps every message it was sent.
 */
final class FakeGraphApi implements AutoCloseable {

  record Sent(String path, String authorization, JsonObject body) {
    String to() {
      return body.getString("to");
    }

    String type() {
      return body.getString("type");
    }

    /** The text a citizen reads: a text's body, an interactive message's body, or a template's parameters. */
    String text() {
      return switch (type()) {
        case "text" -> body.getJsonObject("text").getString("body");
        case "interactive" -> body.getJsonObject("interactive").getJsonObject("body").getString("text");
        default -> body.getJsonObject("template").encode();
      };
    }
  }

  private record Refusal(String to, int status, int code) {
  }

  private final HttpServer server;
  private final List<Sent> sent = new CopyOnWriteArrayList<>();
  private final Deque<Refusal> refusals = new ConcurrentLinkedDeque<>();
  private final AtomicInteger ids = new AtomicInteger();

  FakeGraphApi(Vertx vertx) {
    server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      JsonObject message = body.toJsonObject();
      sent.add(new Sent(request.path(), request.getHeader("Authorization"), message));
      Refusal refusal = refusals.stream().filter(r -> r.to().equals(message.getString("to"))).findFirst()
          .orElse(null);
      if (refusal != null) {
        refusals.remove(refusal);
        request.response().setStatusCode(refusal.status()).putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("error", new JsonObject().put("message", "refused by the test")
                .put("type", "OAuthException").put("code", refusal.code()).put("fbtrace_id", "AbCdEf")).encode());
        return;
      }
      request.response().putHeader("Content-Type", "application/json").end(new JsonObject()
          .put("messaging_product", "whatsapp")
          .put("contacts", new JsonArray().add(new JsonObject().put("input", message.getString("to"))
              .put("wa_id", message.getString("to"))))
          .put("messages", new JsonArray().add(new JsonObject().put("id", "wamid.OUT" + ids.incrementAndGet())))
          .encode());
    })).listen(0).await();
  }

  int port() {
    return server.actualPort();
  }

  /** The next message to this recipient is answered with this Graph error. */
  void refuseNext(String to, int status, int code) {
    refusals.add(new Refusal(to, status, code));
  }

  List<Sent> sentTo(String to) {
    return new ArrayList<>(sent.stream().filter(s -> to.equals(s.to())).toList());
  }

  List<Sent> sentTo(String to, Predicate<Sent> match) {
    return sentTo(to).stream().filter(match).toList();
  }

  @Override
  public void close() {
    server.close().await();
  }
}
