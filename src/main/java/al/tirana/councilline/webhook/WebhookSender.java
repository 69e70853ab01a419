package al.tirana.councilline.webhook;

import al.tirana.councilline.platform.config.Config;
import al.tirana.councilline.platform.db.OutageLog;
import al.tirana.councilline.platform.db.HttpDeliveryWorker;
import al.tirana.councilline.platform.net.InternalAddresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what the webhook outbox holds with the Vert.x Web Client, on this verticle's event loop and never blocking
 * it. Rows are claimed with SKIP LOCKED and a two-minute lease, as the mail sender does, so several nodes share the
 * work and a row a crashed node held is due again once the lease expires. A 2xx answer marks a delivery SENT; any
 * other answer or error is retried with exponential back-off and ends FAILED after WEBHOOK_MAX_ATTEMPTS. A crash
 * between a receiver's answer and the SENT mark sends it once more with the same webhook-id, which receivers use to
 * recognise it. Each delivery is signed with its subscriber's secret, opened from its seal for that moment only.
 */
final class WebhookSender extends HttpDeliveryWorker {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);
  private static final int ROUND = 20;
  /** Takes up to $1 due deliveries of live subscriptions, oldest first; another node's claim skips them. */
  static final String CLAIM = "UPDATE webhook_outbox o SET status = 'SENDING', attempts = o.attempts + 1, "
      + "next_attempt_at = now() + interval '2 minutes' FROM webhook_subscription s "
      + "WHERE s.id = o.subscription_id AND o.id IN (SELECT w.id FROM webhook_outbox w "
      + "JOIN webhook_subscription d ON d.id = w.subscription_id AND d.deleted_at IS NULL "
      + "WHERE (w.status = 'PENDING' OR w.status = 'SENDING') AND w.next_attempt_at <= now() "
      + "ORDER BY w.id LIMIT $1 FOR UPDATE OF w SKIP LOCKED) "
      + "RETURNING o.id, o.delivery_id, o.payload, o.attempts, o.subscription_id, s.url, s.secret, s.sealed_secret";

  private final Config config;
  private final Pool pool;
  private final WebhookSecrets secrets;

  WebhookSender(Config config, Pool pool, WebhookSecrets secrets) {
    super(500, new OutageLog(LOG, "The webhook round"), new WebClientOptions().setConnectTimeout(5_000)
        .setIdleTimeout(10).setFollowRedirects(false).setUserAgent("CouncilLine-Webhooks"));
    this.config = config;
    this.pool = pool;
    this.secrets = secrets;
  }

  /** A full round is followed at once by the next: a backlog (after a receiver's outage) drains round after round. */
  @Override
  protected Future<Boolean> round() {
    return pool.preparedQuery(CLAIM).execute(Tuple.of(ROUND))
        .compose(rows -> deliverEach(rows, this::deliver).map(sent -> rows.size() == ROUND));
  }


  private Future<Void> deliver(Row row) {
    long id = row.getLong("id");
    String deliveryId = row.getString("delivery_id");
    String body = row.getString("payload");
    long timestamp = System.currentTimeMillis() / 1000;
    // a secret that does not open fails this attempt (retried, then FAILED with the reason) before anything is sent
    // checked again before each delivery: the name may resolve elsewhere than when the subscriber was registered
    return internalHost(vertx, config, row.getString("url"))
        .compose(internal -> internal.isEmpty() ? Future.succeededFuture(row)
            : Future.failedFuture("not sent: " + internal.get()))
        .map(this::secret)
        .compose(secret -> client().postAbs(row.getString("url"))
            .timeout(10_000)
            .putHeader("Content-Type", "application/json")
            .putHeader("webhook-id", deliveryId)
            .putHeader("webhook-timestamp", Long.toString(timestamp))
            .putHeader("webhook-signature", WebhookSignature.sign(secret, deliveryId, timestamp, body))
            .sendBuffer(Buffer.buffer(body)))
        .compose(response -> response.statusCode() / 100 == 2 ? Future.succeededFuture()
            : Future.failedFuture("the receiver answered HTTP " + response.statusCode()))
        .compose(ok -> pool.preparedQuery("UPDATE webhook_outbox SET status = 'SENT', last_error = NULL, "
            + "sent_at = now() WHERE id = $1").execute(Tuple.of(id)).<Void>mapEmpty())
        .recover(err -> retry(id, row.getInteger("attempts"), err));
  }

  /**
   * Why {@code url} may not be called: its host is, or resolves to, an address in the council's own network
   * ({@link InternalAddresses}); empty when it may, always when WEBHOOK_ALLOW_PRIVATE_URLS. The DNS lookup blocks, so
   * it runs on a worker. A name that does not resolve is let through: the Web Client cannot reach it either, and the
   * check before each delivery refuses it once it resolves to an internal address.
   */
  static Future<Optional<String>> internalHost(Vertx vertx, Config config, String url) {
    if (config.webhookAllowPrivateUrls()) {
      return Future.succeededFuture(Optional.empty());
    }
    return vertx.executeBlocking(() -> {
      String host = URI.create(url).getHost();
      try {
        return InternalAddresses.firstInternal(host).map(address -> "the host " + host + " is, or resolves to, "
            + address.getHostAddress() + ", an address in the council's own network (loopback, private, link-local, "
            + "unspecified, multicast or carrier-grade NAT); a subscriber must be reachable on the internet");
      } catch (UnknownHostException ex) {
        LOG.debug("Webhook host {} does not resolve: {}", host, ex.getMessage());
        return Optional.empty();
      }
    }, false);
  }

  private String secret(Row row) {
    Buffer sealed = row.getBuffer("sealed_secret");
    return secrets.open(row.getUUID("subscription_id"), sealed == null ? null : sealed.getBytes(),
        row.getString("secret"));
  }

  private Future<Void> retry(long id, int attempts, Throwable error) {
    boolean last = attempts >= config.webhookMaxAttempts();
    LOG.warn("Webhook delivery {} failed (attempt {} of {}): {}", id, attempts, config.webhookMaxAttempts(),
        error.getMessage());
    long backoffSeconds = (long) Math.pow(2, Math.min(attempts - 1, 20)) * config.webhookRetrySeconds();
    return pool.preparedQuery("UPDATE webhook_outbox SET status = $2, last_error = $3, "
            + "next_attempt_at = now() + make_interval(secs => $4) WHERE id = $1")
        .execute(Tuple.of(id, last ? "FAILED" : "PENDING", String.valueOf(error.getMessage()), backoffSeconds))
        .mapEmpty();
  }
}
