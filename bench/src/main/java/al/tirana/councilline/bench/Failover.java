package al.tirana.councilline.bench;

import al.tirana.councilline.platform.db.Database;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * P7: two nodes on one database under paced submissions, each sent with an {@code Idempotency-Key} to the nodes in
 * turn; a client whose node fails to answer (a connection error, or a 5xx) sends the same submission with the same
 * key to the other node. Half-way one node is killed with SIGKILL. Afterwards the event log is compared with what
 * the clients were told: an acknowledged number missing from the log is lost, a submission recorded more often than
 * the clients were answered is doubled.
 */
final class Failover {

  /** How long a client keeps retrying one submission before it gives up (then counted as unanswered). */
  static final Duration GIVE_UP = Duration.ofSeconds(60);
  private static final long RETRY_PAUSE_MS = 20;

  /** What the run saw: latency from a submission's first send to its acknowledgement, before and after the kill. */
  record Outcome(long sent, long acknowledged, long unanswered, long retries, long lost, long doubled,
                 Histogram beforeKill, Histogram afterKill) {

    boolean met(double p99BoundMs) {
      return lost == 0 && doubled == 0 && unanswered == 0
          && afterKill.getTotalCount() > 0 && afterKill.getValueAtPercentile(99) / 1e6 <= p99BoundMs;
    }
  }

  private Failover() {
  }

  static Outcome run(Vertx vertx, Database.Parsed jdbc, JsonObject body, Nodes.Child survivor, Nodes.Child victim,
                     int perSecond, Duration beforeKill, Duration afterKill) throws Exception {
    long headBefore = head(jdbc);
    List<WebClient> clients = List.of(client(vertx, survivor.port()), client(vertx, victim.port()));
    Map<String, String> numbers = new ConcurrentHashMap<>();
    Histogram before = new Histogram(GIVE_UP.toNanos(), 3);
    Histogram after = new Histogram(GIVE_UP.toNanos(), 3);
    AtomicLong sent = new AtomicLong();
    AtomicLong retries = new AtomicLong();
    AtomicLong unanswered = new AtomicLong();
    AtomicInteger inFlight = new AtomicInteger();
    long start = System.nanoTime();
    long killAt = start + beforeKill.toNanos();
    long killWindowEnd = killAt + afterKill.toNanos();
    long total = perSecond * (beforeKill.toSeconds() + afterKill.toSeconds());
    AtomicLong killedAt = new AtomicLong();
    Promise<Void> scheduled = Promise.promise();
    vertx.runOnContext(v -> vertx.setPeriodic(1, timer -> {
      long now = System.nanoTime();
      if (killedAt.get() == 0 && now >= killAt) {
        victim.process().destroyForcibly();
        killedAt.set(now);
      }
      long owed = Math.min(total, (now - start) * perSecond / 1_000_000_000L);
      while (sent.get() < owed) {
        long n = sent.getAndIncrement();
        inFlight.incrementAndGet();
        Submission submission = new Submission(UUID.randomUUID().toString(), System.nanoTime());
        submission.send(vertx, clients, (int) (n % 2), body, numbers, retries, unanswered, done -> {
          Histogram histogram = submission.firstSent < killAt ? before : after;
          if (done && submission.firstSent < killWindowEnd) {
            synchronized (histogram) {
              histogram.recordValue(Math.min(System.nanoTime() - submission.firstSent, GIVE_UP.toNanos()));
            }
          }
          inFlight.decrementAndGet();
        });
      }
      if (sent.get() >= total) {
        vertx.cancelTimer(timer);
        scheduled.complete();
      }
    }));
    scheduled.future().await();
    long deadline = System.nanoTime() + GIVE_UP.toNanos() + Duration.ofSeconds(10).toNanos();
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      Load.sleep(10);
    }
    clients.forEach(WebClient::close);
    Set<String> recorded = submittedSince(jdbc, headBefore);
    Set<String> acknowledged = new HashSet<>(numbers.values());
    long lost = acknowledged.stream().filter(number -> !recorded.contains(number)).count();
    // every submission was retried until answered, so each recorded one should be a number a client was given
    long doubled = Math.max(0, recorded.size() - acknowledged.size() - unanswered.get());
    return new Outcome(sent.get(), numbers.size(), unanswered.get() + inFlight.get(), retries.get(), lost, doubled,
        before, after);
  }

  /** One citizen's submission, sent again with the same key to the other node until a node acknowledges it. */
  private record Submission(String key, long firstSent) {

    void send(Vertx vertx, List<WebClient> clients, int node, JsonObject body, Map<String, String> numbers, AtomicLong retries,
              AtomicLong unanswered, java.util.function.Consumer<Boolean> finished) {
      clients.get(node).post("/api/requests").putHeader("Idempotency-Key", key).sendJson(body).onComplete(result -> {
        int status = result.succeeded() ? result.result().statusCode() : 0;
        if (status >= 200 && status < 300) {
          numbers.put(key, result.result().bodyAsJsonObject().getString("number"));
          finished.accept(true);
        } else if ((status == 0 || status >= 500) && System.nanoTime() - firstSent < GIVE_UP.toNanos()) {
          retries.incrementAndGet();
          vertx.setTimer(RETRY_PAUSE_MS,
              t -> send(vertx, clients, 1 - node, body, numbers, retries, unanswered, finished));
        } else {
          unanswered.incrementAndGet();
          finished.accept(false);
        }
      });
    }
  }

  static WebClient client(Vertx vertx, int port) {
    return WebClient.create(vertx, new io.vertx.ext.web.client.WebClientOptions().setDefaultHost("localhost")
        .setDefaultPort(port).setConnectTimeout(1_000).setIdleTimeout(10), new io.vertx.core.http.PoolOptions()
        .setHttp1MaxSize(64));
  }

  private static long head(Database.Parsed jdbc) throws Exception {
    try (Connection c = Baseline.connect(jdbc); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT coalesce(max(global_index), 0) FROM domain_event_entry")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The tracking numbers of every submission recorded in the log after {@code head}, once each. */
  private static Set<String> submittedSince(Database.Parsed jdbc, long head) throws Exception {
    List<String> all = new ArrayList<>();
    try (Connection c = Baseline.connect(jdbc); PreparedStatement st = c.prepareStatement(
        "SELECT aggregate_identifier FROM domain_event_entry WHERE global_index > ? AND payload_type LIKE ?")) {
      st.setLong(1, head);
      st.setString(2, "%RequestSubmitted");
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          all.add(rs.getString(1));
        }
      }
    }
    Set<String> distinct = new HashSet<>(all);
    if (distinct.size() != all.size()) {
      throw new IllegalStateException("A tracking number was submitted twice in the log");
    }
    return distinct;
  }
}
