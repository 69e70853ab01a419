package al.tirana.councilline.whatsapp;

import al.tirana.councilline.platform.config.Config;
import al.tirana.councilline.platform.db.OutageLog;
import al.tirana.councilline.platform.db.HttpDeliveryWorker;
import al.tirana.councilline.notification.Outbox;
import al.tirana.councilline.request.CitizenDataVault;
import al.tirana.councilline.request.PersonalData;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the outbox's WhatsApp messages through the Graph API with the Vert.x Web Client. Inside 24 hours of the
 * citizen's last message a message is free text (the receipt with reply buttons); outside it, or once Graph refused
 * free text (error 131047), it is the approved template with the number and the status. Throughput limits (130429)
 * and server errors are retried with a doubling pause; an expired token (190) or any other refusal marks the message
 * FAILED with Graph's error code, logged once. Rows are claimed like the mail sender's (SKIP LOCKED, with a lease).
 */
final class WhatsAppSender extends HttpDeliveryWorker {

  private static final Logger LOG = LoggerFactory.getLogger(WhatsAppSender.class);
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(Config.ZONE);
  private static final int ROUND = 20;
  static final int NOT_IN_WINDOW = 131047;
  static final int THROUGHPUT = 130429;

  private final Config config;
  private final Pool pool;
  private final CitizenDataVault vault;
  private final WhatsAppKeys keys;

  WhatsAppSender(Config config, Pool pool, CitizenDataVault vault, WhatsAppKeys keys) {
    super(1_000, new OutageLog(LOG, "The WhatsApp round"),
        new WebClientOptions().setConnectTimeout(10_000).setIdleTimeout(60));
    this.config = config;
    this.pool = pool;
    this.vault = vault;
    this.keys = keys;
  }

  /** A full round, or a message to be sent again at once as the template, is followed at once by the next. */
  @Override
  protected Future<Boolean> round() {
    return Outbox.claimDue(pool, "WHATSAPP", ROUND)
        .compose(rows -> deliverEach(rows, this::deliver).map(sent -> rows.size() == ROUND
            || sent.stream().anyMatch(f -> Boolean.FALSE.equals(f.result()))));
  }


  /** True when the message is done with for this round; false when it is due again at once (as the template). */
  private Future<Boolean> deliver(Row row) {
    long id = row.getLong("id");
    return recipient(row).compose(to -> {
      if (to.isEmpty()) {
        return mark(id, "SKIPPED", "the citizen's data was erased").map(true);
      }
      return values(row).compose(values -> window(to.get()).compose(inWindow -> {
        boolean template = "TEMPLATE".equals(row.getString("form")) || !inWindow;
        JsonObject message = template ? template(to.get(), values) : text(to.get(), row, values);
        return client().postAbs(config.whatsappGraphUrl() + "/" + config.whatsappPhoneNumberId().orElseThrow()
                + "/messages")
            .bearerTokenAuthentication(config.whatsappAccessToken())
            .timeout(30_000)
            .sendJsonObject(message)
            .compose(response -> outcome(row, response, template));
      }));
    }).recover(err -> retry(row, null, String.valueOf(err.getMessage())).map(true));
  }

  private Future<Boolean> outcome(Row row, HttpResponse<Buffer> response, boolean template) {
    long id = row.getLong("id");
    JsonObject body = json(response);
    if (response.statusCode() / 100 == 2) {
      JsonArray messages = body.getJsonArray("messages", new JsonArray());
      String providerId = messages.isEmpty() ? null : messages.getJsonObject(0).getString("id");
      return pool.preparedQuery("UPDATE mail_outbox SET status = 'SENT', sent_at = now(), last_error = NULL, "
              + "provider_message_id = $2, form = $3 WHERE id = $1")
          .execute(Tuple.of(id, providerId, template ? "TEMPLATE" : "TEXT")).map(true);
    }
    JsonObject error = body.getJsonObject("error", new JsonObject());
    Integer code = error.getInteger("code");
    String text = "Graph " + response.statusCode() + (code == null ? "" : " error " + code) + ": "
        + error.getString("message", "");
    if (code != null && code == NOT_IN_WINDOW && !template) {
      // free text is refused outside the 24-hour window: the same message goes again, at once, as the template
      return pool.preparedQuery("UPDATE mail_outbox SET status = 'PENDING', form = 'TEMPLATE', error_code = $2, "
              + "last_error = $3, next_attempt_at = now() WHERE id = $1")
          .execute(Tuple.of(id, code, text)).map(false);
    }
    if ((code != null && code == THROUGHPUT) || response.statusCode() >= 500 || response.statusCode() == 429) {
      return retry(row, code, text).map(true);
    }
    LOG.error("WhatsApp message {} for {} was refused and is marked FAILED: {}", id, row.getString("number"), text);
    return pool.preparedQuery("UPDATE mail_outbox SET status = 'FAILED', error_code = $2, last_error = $3 "
            + "WHERE id = $1").execute(Tuple.of(id, code, text)).map(true);
  }

  private Future<Void> retry(Row row, Integer code, String error) {
    long id = row.getLong("id");
    int attempts = row.getInteger("attempts");
    boolean last = attempts >= config.mailMaxAttempts();
    if (last) {
      LOG.error("WhatsApp message {} failed {} times and is marked FAILED: {}", id, attempts, error);
    } else {
      LOG.warn("WhatsApp message {} failed (attempt {} of {}): {}", id, attempts, config.mailMaxAttempts(), error);
    }
    long backoffSeconds = (long) Math.pow(2, attempts - 1) * config.mailRetrySeconds();
    return pool.preparedQuery("UPDATE mail_outbox SET status = $2, last_error = $3, error_code = COALESCE($5, "
            + "error_code), next_attempt_at = now() + make_interval(secs => $4) WHERE id = $1")
        .execute(Tuple.of(id, last ? "FAILED" : "PENDING", error, backoffSeconds, code)).mapEmpty();
  }

  private Future<Void> mark(long id, String status, String note) {
    return pool.preparedQuery("UPDATE mail_outbox SET status = $2, last_error = $3 WHERE id = $1")
        .execute(Tuple.of(id, status, note)).mapEmpty();
  }

  /** The wa_id, opened from the citizen's sealed data or from the reply's own seal; empty once erased. */
  private Future<Optional<String>> recipient(Row row) {
    String recipient = row.getString("recipient");
    if (recipient.startsWith("whatsapp:sealed:")) {
      return Future.succeededFuture(Optional.of(keys.openPhone(recipient.substring("whatsapp:sealed:".length()))));
    }
    return pool.preparedQuery("SELECT citizen_id, sealed_personal_data FROM request_view WHERE number = $1")
        .execute(Tuple.of(row.getString("number")))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture(Optional.<String>empty());
          }
          Row request = rows.iterator().next();
          return vault.open(pool, request.getUUID("citizen_id").toString(), request.getString("sealed_personal_data"))
              .map(personal -> personal.map(PersonalData::phone));
        });
  }

  /** The placeholders: the request's current state, the payload, and the access code opened with the citizen's key. */
  private Future<Map<String, String>> values(Row row) {
    JsonObject payload = row.getJsonObject("payload");
    String number = payload.getString("asked", row.getString("number"));
    Map<String, String> values = new HashMap<>();
    payload.forEach(entry -> values.put(entry.getKey(), String.valueOf(entry.getValue())));
    values.put("number", number);
    values.put("trackingUrl", config.publicUrl() + "/#/track/" + number);
    values.put("ratingUrl", config.publicUrl() + "/#/rate/" + number);
    return pool.preparedQuery("SELECT status, due_at, spam, citizen_id, sealed_personal_data FROM request_view "
            + "WHERE number = $1").execute(Tuple.of(number))
        .compose(rows -> {
          if (rows.size() == 0 || rows.iterator().next().getBoolean("spam")) {
            values.put("unknown", "true");
            return Future.succeededFuture(values);
          }
          Row request = rows.iterator().next();
          values.put("status", WhatsAppText.status(request.getString("status")));
          values.put("dueAt", WHEN.format(request.getOffsetDateTime("due_at").toInstant()));
          if (!row.getString("recipient").startsWith("whatsapp:citizen:")) {
            return Future.succeededFuture(values);
          }
          String citizenId = request.getUUID("citizen_id").toString();
          return vault.open(pool, citizenId, request.getString("sealed_personal_data")).compose(personal -> {
            personal.ifPresent(p -> values.put("firstName", p.firstName()));
            return payload.containsKey("accessCode")
                ? vault.openText(pool, citizenId, payload.getString("accessCode")).map(code -> {
                  code.ifPresent(c -> values.put("accessCode", c));
                  return values;
                })
                : Future.succeededFuture(values);
          });
        });
  }

  /** Free text may be sent within 24 hours of the citizen's last message to the council. */
  private Future<Boolean> window(String waId) {
    return pool.preparedQuery("SELECT last_inbound_at > now() - interval '24 hours' FROM whatsapp_contact "
            + "WHERE phone_hash = $1").execute(Tuple.of(keys.phoneHash(waId)))
        .map(rows -> rows.size() > 0 && Boolean.TRUE.equals(rows.iterator().next().getBoolean(0)));
  }

  /** Graph's text message, or for the receipt an interactive one with reply buttons; a reply quotes the inbound. */
  private static JsonObject text(String to, Row row, Map<String, String> values) {
    WhatsAppText kind = WhatsAppText.valueOf(row.getString("template"));
    if (kind == WhatsAppText.STATUS && values.containsKey("unknown")) {
      kind = WhatsAppText.UNKNOWN_NUMBER;
    }
    String body = kind.render(values);
    JsonObject message = new JsonObject().put("messaging_product", "whatsapp").put("recipient_type", "individual")
        .put("to", to);
    if (kind == WhatsAppText.ACKNOWLEDGEMENT) {
      message.put("type", "interactive").put("interactive", new JsonObject()
          .put("type", "button")
          .put("body", new JsonObject().put("text", body))
          .put("action", new JsonObject().put("buttons", new JsonArray()
              .add(button(WhatsAppText.TRACK_ID + values.get("number"), WhatsAppText.TRACK_TITLE))
              .add(button(WhatsAppText.NEW_ID, WhatsAppText.NEW_TITLE)))));
    } else {
      message.put("type", "text").put("text", new JsonObject().put("preview_url", false).put("body", body));
    }
    if (row.getString("reply_to") != null) {
      message.put("context", new JsonObject().put("message_id", row.getString("reply_to")));
    }
    return message;
  }

  private static JsonObject button(String id, String title) {
    return new JsonObject().put("type", "reply").put("reply", new JsonObject().put("id", id).put("title", title));
  }

  /** The approved template: its body's two parameters are the number and the status. */
  private JsonObject template(String to, Map<String, String> values) {
    return new JsonObject().put("messaging_product", "whatsapp").put("recipient_type", "individual").put("to", to)
        .put("type", "template").put("template", new JsonObject()
            .put("name", config.whatsappTemplateUpdate())
            .put("language", new JsonObject().put("code", config.whatsappTemplateLanguage()))
            .put("components", new JsonArray().add(new JsonObject().put("type", "body")
                .put("parameters", new JsonArray()
                    .add(new JsonObject().put("type", "text").put("text", values.get("number")))
                    .add(new JsonObject().put("type", "text")
                        .put("text", values.getOrDefault("status", "-")))))));
  }

  private static JsonObject json(HttpResponse<Buffer> response) {
    try {
      JsonObject body = response.bodyAsJsonObject();
      return body == null ? new JsonObject() : body;
    } catch (RuntimeException notJson) {
      return new JsonObject();
    }
  }
}
