package al.tirana.councilline.whatsapp;

import al.tirana.councilline.platform.http.ApiException;
import al.tirana.councilline.platform.config.Config;
import al.tirana.councilline.platform.http.Http;
import al.tirana.councilline.platform.http.Operation;
import al.tirana.councilline.platform.http.Routes;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Meta's webhook: the subscription handshake, and deliveries, each checked against the app secret's signature on its
 * raw bytes before anything reads it, then recorded (sealed) in the inbox and only then acknowledged with 200. The
 * work happens after, in {@link WhatsAppInbound}, so Meta's retries and a crash cost nothing.
 */
record WhatsAppWebhook(Config config, Pool pool, WhatsAppKeys keys) implements Routes {

  /** Tells the inbound worker of this node that a delivery is waiting. */
  static final String WAKE_UP = "councilline.whatsapp.inbox";

  private void requireEnabled() {
    if (config.whatsappPhoneNumberId().isEmpty()) {
      throw ApiException.notFound("The WhatsApp channel");
    }
  }

  @Operation("whatsappVerify")
  private void verify(RoutingContext ctx) {
    requireEnabled();
    String mode = ctx.queryParams().get("hub.mode");
    String token = ctx.queryParams().get("hub.verify_token");
    String challenge = ctx.queryParams().get("hub.challenge");
    boolean tokenMatches = token != null && !config.whatsappVerifyToken().isEmpty()
        && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
        config.whatsappVerifyToken().getBytes(StandardCharsets.UTF_8));
    if (!"subscribe".equals(mode) || !tokenMatches || challenge == null) {
      throw ApiException.forbidden("The verify token does not match");
    }
    ctx.response().setStatusCode(200).putHeader("Content-Type", "text/plain; charset=utf-8").end(challenge);
  }

  @Operation("whatsappWebhook")
  private void receive(RoutingContext ctx) {
    requireEnabled();
    Buffer raw = ctx.body() == null || ctx.body().buffer() == null ? Buffer.buffer() : ctx.body().buffer();
    if (!WhatsAppKeys.signatureMatches(config.whatsappAppSecret(), raw.getBytes(),
        ctx.request().getHeader("X-Hub-Signature-256"))) {
      throw ApiException.unauthorized("The X-Hub-Signature-256 signature does not match the body");
    }
    JsonObject delivery;
    try {
      delivery = raw.toJsonObject();
    } catch (DecodeException | ClassCastException ex) {
      throw ApiException.badRequest("VALIDATION_FAILED", "The delivery is not a JSON object",
          new JsonArray().add(new JsonObject().put("field", "/").put("problem", "not a JSON object")));
    }
    if (!"whatsapp_business_account".equals(delivery.getString("object"))) {
      Http.send(ctx, 200, new JsonObject().put("received", false));
      return;
    }
    Http.reply(ctx, 200, pool.preparedQuery("INSERT INTO whatsapp_inbox (sealed_body) VALUES ($1) RETURNING id")
        .execute(Tuple.of(Buffer.buffer(keys.sealDelivery(raw.getBytes()))))
        .map(rows -> {
          ctx.vertx().eventBus().send(WAKE_UP, rows.iterator().next().getLong("id"));
          return new JsonObject().put("received", true);
        }));
  }
}
