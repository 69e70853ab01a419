package al.tirana.councilline.webhook;

import al.tirana.councilline.platform.config.Config;
import al.tirana.councilline.platform.db.OutageLog;
import al.tirana.councilline.platform.db.PollingWorker;
import al.tirana.councilline.platform.net.HostResolver;
import al.tirana.councilline.platform.net.InternalAddresses;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what the webhook outbox holds with the Vert.x HTTP client, on this verticle's event loop and never blocking
 * it. Rows are claimed with a lease, as the mail sender does, so several nodes share the work and a row a crashed
 * node held is due again once the lease expires. Each delivery has a hard deadline ({@link PinnedPost}), and the lease
 * is that deadline and a margin, so a delivery under way is never claimed again. Its outcome is written only while
 * its claim holds the row (status SENDING and the lease this claim gave it): a late outcome of a claim whose row was
 * claimed again, or sent again by hand, is dropped. A 2xx answer marks a delivery SENT; any other answer or
 * error is retried with exponential back-off and ends FAILED after WEBHOOK_MAX_ATTEMPTS. A crash between a
 * receiver's answer and the SENT mark sends it once more with the same webhook-id, which receivers use to recognise
 * it. Each delivery is signed with its subscriber's secret, opened from its seal for that moment only.
 *
 * <p>A slow or failing subscriber must not hold up the others. A round does not wait for its deliveries: it claims,
 * starts them, and the next round claims again as soon as one finishes. A node has at most {@link #SLOTS}
 * deliveries under way, and a subscriber at most WEBHOOK_MAX_IN_FLIGHT_PER_SUBSCRIBER across the cluster: the claim
 * counts the subscriber's rows still SENDING under a live lease, wherever they are being sent, and the claims of all
 * nodes take turns under a transaction-scoped advisory lock, so each one's count includes every claim before it.
 */
final class WebhookSender extends PollingWorker {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);
  /** Deliveries this node has under way at most. */
  private static final int SLOTS = 20;
  /** Held by the claim under way in the cluster ("CLWebhk" in ASCII). */
  private static final long CLAIM_LOCK = 0x434c5765626862L;
  /** How long a claim's lease outlasts its delivery's deadline: the time to write the outcome, and clock skew. */
  static final long LEASE_MARGIN_MILLIS = 60_000;
  /**
   * Takes up to $1 due deliveries, oldest first, and of each live subscription no more than $2 less those it already
   * has under way; another claim skips the rows it holds. The lease is $3 milliseconds; each row's end of it is
   * returned, and fences the outcome's write.
   */
  static final String CLAIM = "UPDATE webhook_outbox o SET status = 'SENDING', attempts = o.attempts + 1, "
      + "next_attempt_at = now() + make_interval(secs => ($3::bigint / 1000.0)::float8) FROM webhook_subscription s "
      + "WHERE s.id = o.subscription_id AND o.id IN (SELECT w.id FROM webhook_subscription d CROSS JOIN LATERAL "
      + "(SELECT w.id FROM webhook_outbox w WHERE w.subscription_id = d.id "
      + "AND (w.status = 'PENDING' OR w.status = 'SENDING') AND w.next_attempt_at <= now() ORDER BY w.id "
      + "LIMIT greatest(0, $2 - (SELECT count(*) FROM webhook_outbox b WHERE b.subscription_id = d.id "
      + "AND b.status = 'SENDING' AND b.next_attempt_at > now())) FOR UPDATE SKIP LOCKED) w "
      + "WHERE d.deleted_at IS NULL ORDER BY w.id LIMIT $1) "
      + "RETURNING o.id, o.delivery_id, o.payload, o.attempts, o.subscription_id, s.url, s.secret, s.sealed_secret, "
      + "o.next_attempt_at";
  /** Fences an outcome: its row is still held by the claim that gave it this lease end. */
  private static final String HELD = " WHERE id = $1 AND status = 'SENDING' AND next_attempt_at = $2";

  private final Config config;
  private final Pool pool;
  private final WebhookSecrets secrets;
  private final HostResolver resolver;
  private final long deadlineMillis;
  /** Names this sender, and so its node, in each request's User-Agent: a receiver or a test tells the nodes apart. */
  private final String userAgent = "CouncilLine-Webhooks (sender " + UUID.randomUUID().toString().substring(0, 8) + ")";
  private HttpClient client;
  /** The DNS lookups, off the event loop and off the default worker pool that password hashing shares. */
  private WorkerExecutor dns;
  /** Deliveries started and not yet recorded; only touched on this verticle's event loop. */
  private int underWay;

  /** Each delivery has WEBHOOK_DELIVERY_DEADLINE_SECONDS, its lookup included; a claim's lease is that and a margin. */
  WebhookSender(Config config, Pool pool, WebhookSecrets secrets, HostResolver resolver) {
    super(500, new OutageLog(LOG, "The webhook round"));
    this.config = config;
    this.deadlineMillis = config.webhookDeliveryDeadlineSeconds() * 1000L;
    this.pool = pool;
    this.secrets = secrets;
    this.resolver = resolver;
  }

  @Override
  protected Future<?> begin() {
    // a connection kept idle no longer than a delivery may take; within a delivery only its deadline counts
    client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5_000)
            .setIdleTimeout((int) Math.max(1, deadlineMillis / 1000)),
        // a connection per delivery under way, up to them all to one subscriber: none waits in the client's queue
        new PoolOptions().setHttp1MaxSize(SLOTS));
    dns = vertx.createSharedWorkerExecutor("webhook-dns", 4);
    return Future.succeededFuture();
  }

  @Override
  protected Future<?> end() {
    return Future.join(client.close(), dns.close());
  }

  /** The lease a claim gives: the delivery's deadline and a margin. */
  long leaseMillis() {
    return deadlineMillis + LEASE_MARGIN_MILLIS;
  }

  /**
   * Claims what the free slots take and starts those deliveries without waiting for them. A full claim is followed
   * at once by the next, and each delivery that ends wakes the worker, so a backlog drains as fast as its receivers
   * answer. While another node claims, this one tries again on the next tick.
   */
  @Override
  protected Future<Boolean> round() {
    int free = SLOTS - underWay;
    if (free <= 0) {
      return Future.succeededFuture(false);
    }
    return pool.withTransaction(c -> c.query("SELECT pg_try_advisory_xact_lock(" + CLAIM_LOCK + ")").execute()
            .compose(lock -> lock.iterator().next().getBoolean(0)
                ? c.preparedQuery(CLAIM)
                    .execute(Tuple.of(free, config.webhookMaxInFlightPerSubscriber(), leaseMillis()))
                    .map(rows -> {
                      List<Row> claimed = new ArrayList<>();
                      rows.forEach(claimed::add);
                      return claimed;
                    })
                : Future.succeededFuture(List.<Row>of())))
        .map(claimed -> {
          claimed.forEach(this::start);
          return claimed.size() == free;
        });
  }

  private void start(Row row) {
    underWay++;
    deliver(row).onComplete(done -> {
      underWay--;
      if (done.failed()) {
        LOG.warn("The outcome of webhook delivery {} was not recorded; it is sent again once its lease expires: {}",
            row.getLong("id"), done.cause().getMessage());
      }
      wake();
    });
  }

  private Future<Void> deliver(Row row) {
    long id = row.getLong("id");
    OffsetDateTime lease = row.getOffsetDateTime("next_attempt_at");
    String deliveryId = row.getString("delivery_id");
    String body = row.getString("payload");
    long timestamp = System.currentTimeMillis() / 1000;
    // a secret that does not open fails this attempt (retried, then FAILED with the reason) before anything is sent;
    // the host is resolved and checked again before each delivery, and the request goes to the address checked
    return Future.succeededFuture(row).map(this::secret)
        .compose(secret -> new PinnedPost(vertx, dns, resolver, config.webhookAllowPrivateUrls()).send(client,
            row.getString("url"), MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json")
                .add("User-Agent", userAgent).add("webhook-id", deliveryId)
                .add("webhook-timestamp", Long.toString(timestamp))
                .add("webhook-signature", WebhookSignature.sign(secret, deliveryId, timestamp, body)),
            Buffer.buffer(body), deadlineMillis))
        .compose(status -> status / 100 == 2 ? Future.succeededFuture()
            : Future.failedFuture("the receiver answered HTTP " + status))
        .compose(ok -> pool.preparedQuery("UPDATE webhook_outbox SET status = 'SENT', last_error = NULL, "
            + "sent_at = now()" + HELD).execute(Tuple.of(id, lease)).map(rows -> superseded(id, rows.rowCount())))
        .recover(err -> retry(id, lease, row.getInteger("attempts"), err));
  }

  /**
   * An outcome that found its row no longer held by its claim (claimed again, or sent again by hand) is not written:
   * the row's newer state stands.
   */
  private static Void superseded(long id, int updated) {
    if (updated == 0) {
      LOG.info("Webhook delivery {} was claimed again or sent again by hand meanwhile; this attempt's outcome is "
          + "dropped", id);
    }
    return null;
  }

  /**
   * Why {@code url} may not be called: its host is, or resolves to, an address in the council's own network
   * ({@link InternalAddresses}); empty when it may, always when WEBHOOK_ALLOW_PRIVATE_URLS. The DNS lookup blocks, so
   * it runs on a worker. A name that does not resolve is let through at registration: its deliveries fail until it
   * resolves, and each is checked ({@link PinnedPost}) before it is sent.
   */
  static Future<Optional<String>> internalHost(Vertx vertx, Config config, String url) {
    if (config.webhookAllowPrivateUrls()) {
      return Future.succeededFuture(Optional.empty());
    }
    return vertx.executeBlocking(() -> {
      String host = URI.create(url).getHost();
      try {
        return InternalAddresses.firstInternal(host).map(address -> PinnedPost.refusal(host, address));
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

  private Future<Void> retry(long id, OffsetDateTime lease, int attempts, Throwable error) {
    boolean last = attempts >= config.webhookMaxAttempts();
    LOG.warn("Webhook delivery {} failed (attempt {} of {}): {}", id, attempts, config.webhookMaxAttempts(),
        error.getMessage());
    long backoffSeconds = (long) Math.pow(2, Math.min(attempts - 1, 20)) * config.webhookRetrySeconds();
    return pool.preparedQuery("UPDATE webhook_outbox SET status = $3, last_error = $4, "
            + "next_attempt_at = now() + make_interval(secs => $5)" + HELD)
        .execute(Tuple.of(id, lease, last ? "FAILED" : "PENDING", String.valueOf(error.getMessage()), backoffSeconds))
        .map(rows -> superseded(id, rows.rowCount()));
  }
}
