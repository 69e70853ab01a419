package al.tirana.councilline.webhook;

import al.tirana.councilline.platform.http.ApiException;
import al.tirana.councilline.platform.config.Config;
import al.tirana.councilline.platform.http.Http;
import al.tirana.councilline.platform.http.Operation;
import al.tirana.councilline.platform.http.Routes;
import al.tirana.councilline.platform.sql.Sql;
import al.tirana.councilline.feed.FeedProjection;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * All the wiring of signed outbound webhooks: the admin routes that register subscribers and show their deliveries,
 * the projection that fills the outbox, and the sender. Subscribers choose among the public lifecycle changes, the
 * same events the public feed reports.
 */
record WebhookRoutes(Config config, Pool pool, WebhookSecrets secrets) implements Routes {

  /** The event types a subscriber may ask for: the public ones, by name. */
  static final Set<String> EVENT_TYPES = FeedProjection.PUBLIC_EVENTS.stream().map(Class::getSimpleName)
      .collect(Collectors.toCollection(TreeSet::new));

  @Operation("createWebhook")
  private void create(RoutingContext ctx) {
    JsonObject body = Http.body(ctx);
    String url = validUrl(body.getValue("url"));
    List<String> types = validTypes(body.getValue("eventTypes"));
    UUID id = UUID.randomUUID();
    String secret = WebhookSignature.newSecret();
    // the secret is in clear only in this answer; the row keeps it sealed
    Http.reply(ctx, 201, WebhookSender.internalHost(ctx.vertx(), config, url)
        .compose(internal -> internal.isEmpty() ? Future.succeededFuture()
            : Future.failedFuture(new ApiException(422, "VALIDATION_FAILED", "url " + internal.get(),
                new JsonArray().add(new JsonObject().put("field", "url").put("problem", internal.get())))))
        .compose(checked -> pool.preparedQuery("INSERT INTO webhook_subscription (id, url, event_types, sealed_secret) "
            + "VALUES ($1, $2, $3, $4) RETURNING created_at")
        .execute(Tuple.of(id, url, types.toArray(new String[0]), Buffer.buffer(secrets.seal(id, secret))))
        .map(rows -> new JsonObject().put("id", id.toString()).put("url", url)
            .put("eventTypes", new JsonArray(types)).put("secret", secret)
            .put("createdAt", instant(rows.iterator().next().getOffsetDateTime("created_at"))))));
  }

  @Operation("listWebhooks")
  private void list(RoutingContext ctx) {
    Http.reply(ctx, 200, pool.query("SELECT " + SUBSCRIPTION + " FROM webhook_subscription "
            + "WHERE deleted_at IS NULL ORDER BY created_at").execute()
        .map(rows -> items(rows, WebhookRoutes::subscription)));
  }

  /** Queues changes for a paused subscriber again from now on; those made while it was paused are not sent. */
  @Operation("resumeWebhook")
  private void resume(RoutingContext ctx) {
    UUID id = uuid(ctx.pathParam("id"));
    Http.reply(ctx, 200, pool.preparedQuery("UPDATE webhook_subscription SET paused_at = NULL, paused_reason = NULL "
            + "WHERE id = $1 AND deleted_at IS NULL RETURNING " + SUBSCRIPTION).execute(Tuple.of(id))
        .map(rows -> {
          if (rows.rowCount() == 0) {
            throw ApiException.notFound("Webhook");
          }
          return subscription(rows.iterator().next());
        }));
  }

  /** The columns {@link #subscription} shows. */
  private static final String SUBSCRIPTION = "id, url, event_types, created_at, paused_at, paused_reason";

  /** A listing: {"items": [...]}, one item a row. */
  private static JsonObject items(RowSet<Row> rows, Function<Row, JsonObject> item) {
    JsonArray items = new JsonArray();
    rows.forEach(r -> items.add(item.apply(r)));
    return new JsonObject().put("items", items);
  }

  /** A subscriber as admins see it, without its secret: PAUSED, since when and why, once its backlog was full. */
  private static JsonObject subscription(Row r) {
    return new JsonObject().put("id", r.getUUID("id").toString()).put("url", r.getString("url"))
        .put("eventTypes", new JsonArray(List.of(r.getArrayOfStrings("event_types"))))
        .put("createdAt", instant(r.getOffsetDateTime("created_at")))
        .put("status", r.getOffsetDateTime("paused_at") == null ? "ACTIVE" : "PAUSED")
        .put("pausedAt", instant(r.getOffsetDateTime("paused_at"))).put("pausedReason", r.getString("paused_reason"));
  }

  /** Pending deliveries of a removed subscriber are not sent; its delivery history stays visible. */
  @Operation("deleteWebhook")
  private void delete(RoutingContext ctx) {
    UUID id = uuid(ctx.pathParam("id"));
    pool.preparedQuery("UPDATE webhook_subscription SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL")
        .execute(Tuple.of(id))
        .onSuccess(rows -> {
          if (rows.rowCount() == 0) {
            ctx.fail(ApiException.notFound("Webhook"));
          } else {
            ctx.response().setStatusCode(204).end();
          }
        })
        .onFailure(ctx::fail);
  }

  @Operation("listWebhookDeliveries")
  private void deliveries(RoutingContext ctx) {
    UUID id = uuid(ctx.pathParam("id"));
    Http.reply(ctx, 200, pool.preparedQuery("SELECT delivery_id, event_type, number, status, attempts, "
            + "next_attempt_at, last_error, created_at, sent_at FROM webhook_outbox WHERE subscription_id = $1 "
            + "ORDER BY id DESC LIMIT 500").execute(Tuple.of(id))
        .map(rows -> items(rows, WebhookRoutes::delivery)));
  }

  /**
   * Due again at once, with the same webhook-id, and a fresh count of attempts. Not while a node is sending it (SENDING
   * under a live lease): that attempt's outcome is still to come, and a second claim would send it twice at once.
   */
  @Operation("redeliverWebhook")
  private void redeliver(RoutingContext ctx) {
    String deliveryId = ctx.pathParam("deliveryId");
    // the row is locked while it is judged, so an attempt cannot end (or begin) between the check and the reset
    Http.reply(ctx, 202, pool.withTransaction(c -> c.preparedQuery("SELECT status = 'SENDING' AND next_attempt_at "
            + "> now() AS under_way, next_attempt_at FROM webhook_outbox WHERE delivery_id = $1 FOR UPDATE")
        .execute(Tuple.of(deliveryId)).compose(found -> {
          if (found.rowCount() == 0) {
            throw ApiException.notFound("Delivery");
          }
          Row row = found.iterator().next();
          if (row.getBoolean("under_way")) {
            throw new ApiException(409, "DELIVERY_UNDER_WAY", "The delivery is being sent; send it again once this "
                + "attempt has ended", new JsonObject().put("deliveryId", deliveryId)
                .put("leaseUntil", instant(row.getOffsetDateTime("next_attempt_at"))));
          }
          return c.preparedQuery("UPDATE webhook_outbox SET status = 'PENDING', attempts = 0, next_attempt_at = now(), "
                  + "last_error = NULL WHERE delivery_id = $1 RETURNING delivery_id, event_type, number, status, "
                  + "attempts, next_attempt_at, last_error, created_at, sent_at")
              .execute(Tuple.of(deliveryId)).map(rows -> delivery(rows.iterator().next()));
        })));
  }

  private static JsonObject delivery(Row r) {
    return new JsonObject().put("deliveryId", r.getString("delivery_id")).put("eventType", r.getString("event_type"))
        .put("number", r.getString("number")).put("status", r.getString("status"))
        .put("attempts", r.getInteger("attempts")).put("nextAttemptAt", instant(r.getOffsetDateTime("next_attempt_at")))
        .put("lastError", r.getString("last_error")).put("createdAt", instant(r.getOffsetDateTime("created_at")))
        .put("sentAt", instant(r.getOffsetDateTime("sent_at")));
  }

  private static String instant(OffsetDateTime at) {
    return at == null ? null : at.toInstant().toString();
  }

  private static UUID uuid(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException ex) {
      throw ApiException.notFound("Webhook");
    }
  }

  private static String validUrl(Object value) {
    String problem = null;
    if (!(value instanceof String url) || url.isBlank()) {
      problem = "required";
    } else {
      try {
        URI uri = new URI(url);
        if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null
            || uri.getUserInfo() != null || uri.getFragment() != null) {
          problem = "must be an absolute http or https address with a host, no user information and no fragment";
        }
      } catch (URISyntaxException ex) {
        problem = "not a valid address: " + ex.getReason();
      }
    }
    if (problem != null) {
      throw ApiException.badRequest("VALIDATION_FAILED", "url " + problem,
          new JsonArray().add(new JsonObject().put("field", "url").put("problem", problem)));
    }
    int port = URI.create((String) value).getPort();
    if (port == 0 || port > 65535) {
      // well-formed, but no receiver can listen there: every delivery would fail
      String outOfRange = "port " + port + " is not between 1 and 65535";
      throw new ApiException(422, "VALIDATION_FAILED", "url " + outOfRange,
          new JsonArray().add(new JsonObject().put("field", "url").put("problem", outOfRange)));
    }
    return (String) value;
  }

  private static List<String> validTypes(Object value) {
    List<String> types = new ArrayList<>();
    JsonArray unknown = new JsonArray();
    if (value instanceof JsonArray array) {
      array.forEach(type -> {
        if (type instanceof String name && EVENT_TYPES.contains(name)) {
          if (!types.contains(name)) {
            types.add(name);
          }
        } else {
          unknown.add(new JsonObject().put("field", "eventTypes").put("problem", "unknown event type: " + type));
        }
      });
    }
    if (types.isEmpty() && unknown.isEmpty()) {
      unknown.add(new JsonObject().put("field", "eventTypes").put("problem", "at least one event type"));
    }
    if (!unknown.isEmpty()) {
      throw ApiException.badRequest("VALIDATION_FAILED", "eventTypes must name public event types, one of "
          + String.join(", ", EVENT_TYPES), unknown);
    }
    return types;
  }
}
