package al.tirana.councilline.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.support.Await;
import al.tirana.councilline.support.CaughtUp;
import al.tirana.councilline.support.StartedApp;
import al.tirana.councilline.support.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The tests play subscribers that are slow or down: a receiver holds the requests of a path unanswered until the test
 * releases it, and answers every other path at once. Two nodes send, so a limit kept by each node alone would let
 * twice as much through. The deadline of a delivery is far beyond what a test holds a request, however slow the
 * machine, so a held request is never given up on while the test still counts it.
 */
@StartedApp(settings = {"WEBHOOK_MAX_IN_FLIGHT_PER_SUBSCRIBER=2", "WEBHOOK_MAX_PENDING_PER_SUBSCRIBER=5",
    "WEBHOOK_RETRY_SECONDS=1", "WEBHOOK_DELIVERY_DEADLINE_SECONDS=300"})
@DisplayName("Per-subscriber limits of webhook deliveries")
class WebhookLimitTest {

  @StartedApp.Node
  private static TestApp app;
  /** A second node on the same database: its sender shares the outbox, and the limits are the cluster's. */
  @StartedApp.Peer
  private static TestApp peer;
  @StartedApp.Admin
  private static String admin;
  @StartedApp.Commission("Komisioni i Sportit")
  private static String commission;

  /**
   * A request a receiver got: its path, the request's number, whether the sender gave up on it meanwhile, and which
   * node's sender sent it (its User-Agent).
   */
  record Hit(String path, String number, AtomicBoolean closed, String sender) {
  }

  private static HttpServer receiver;
  private static final Queue<Hit> HITS = new ConcurrentLinkedQueue<>();
  /** Paths whose requests are held unanswered, and the requests held. */
  private static final Map<String, Queue<HttpServerRequest>> HELD = new ConcurrentHashMap<>();
  private static final Map<String, AtomicInteger> OPEN = new ConcurrentHashMap<>();
  private static final Map<String, AtomicInteger> MOST_OPEN = new ConcurrentHashMap<>();

  @BeforeAll
  static void listen() {
    receiver = app.vertx().createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      String path = req.path();
      AtomicBoolean closed = new AtomicBoolean();
      HITS.add(new Hit(path, new JsonObject(body).getJsonObject("data").getString("number"), closed,
          req.getHeader("User-Agent")));
      int open = OPEN.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
      MOST_OPEN.computeIfAbsent(path, p -> new AtomicInteger()).accumulateAndGet(open, Math::max);
      AtomicBoolean over = new AtomicBoolean();
      Runnable finished = () -> {
        if (over.compareAndSet(false, true)) {
          OPEN.get(path).decrementAndGet();
        }
      };
      req.response().closeHandler(v -> {
        closed.set(true);
        finished.run();
      });
      req.response().endHandler(v -> finished.run());
      Queue<HttpServerRequest> held = HELD.get(path);
      if (held != null) {
        held.add(req);
      } else {
        req.response().setStatusCode(204).end();
      }
    })).listen(0, "127.0.0.1").await();
  }

  @AfterAll
  static void close() {
    List.copyOf(HELD.keySet()).forEach(WebhookLimitTest::release);
    receiver.close().await();
  }

  /** Waits for the condition, generously: two nodes and a browser suite may share the machine's two cores. */
  private static void eventually(Callable<Boolean> condition) throws Exception {
    Await.until("condition", Duration.ofSeconds(60), condition);
  }

  private static void hold(String path) {
    HELD.put(path, new ConcurrentLinkedQueue<>());
  }

  /** Answers what the path holds, and every later request at once. */
  private static void release(String path) {
    Queue<HttpServerRequest> held = HELD.remove(path);
    held.forEach(req -> req.response().setStatusCode(204).end());
  }

  private static String register(String path) {
    HttpResponse<Buffer> created = app.post("/api/admin/webhooks", admin, new JsonObject()
        .put("url", "http://127.0.0.1:" + receiver.actualPort() + path)
        .put("eventTypes", new JsonArray().add("RequestSubmitted")));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject().getString("id");
  }

  private static List<Hit> hits(String path) {
    return HITS.stream().filter(hit -> hit.path().equals(path)).toList();
  }

  private static Set<String> numbers(String path) {
    return Set.copyOf(hits(path).stream().map(Hit::number).toList());
  }

  private static String submit() {
    return app.submit(TestApp.submission("COMMISSION", commission)).getString("number");
  }

  private static JsonObject subscriber(String id) {
    return app.get("/api/admin/webhooks", admin).bodyAsJsonObject().getJsonArray("items").stream()
        .map(JsonObject.class::cast).filter(item -> item.getString("id").equals(id)).findFirst().orElseThrow();
  }

  private static List<JsonObject> deliveries(String id) {
    return app.get("/api/admin/webhooks/" + id + "/deliveries", admin).bodyAsJsonObject().getJsonArray("items")
        .stream().map(JsonObject.class::cast).toList();
  }

  @Test
  @DisplayName("sends a slow subscriber at most its share at once across the nodes, while the others' deliveries go out")
  void slowSubscriberKeepsToItsShare() throws Exception {
    hold("/slow");
    String slow = register("/slow");
    register("/fast");
    List<String> numbers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      numbers.add(submit());
    }

    // every change reaches the fast subscriber, though the slow one's older deliveries came first in the queue
    eventually(() -> numbers("/fast").containsAll(numbers));
    eventually(() -> hits("/slow").size() >= 2);
    assertThat(deliveries(slow)).extracting(d -> d.getString("status"))
        .containsExactlyInAnyOrder("SENDING", "SENDING", "PENDING", "PENDING");
    // a change made while the slow subscriber holds both of its places still reaches the fast one at once
    String later = submit();
    eventually(() -> numbers("/fast").contains(later));
    assertThat(hits("/slow")).as("the slow subscriber's requests, still waiting for its answer")
        .hasSize(2).allSatisfy(hit -> assertThat(hit.closed()).isFalse());

    release("/slow");
    numbers.add(later);
    eventually(() -> numbers("/slow").containsAll(numbers));
    assertThat(MOST_OPEN.get("/slow")).as("the slow subscriber's requests open at once, at most").hasValue(2);
  }

  @Test
  @DisplayName("keeps each subscriber to its share across the nodes when one node's slots cannot hold what is under way")
  void bothNodesHoldDeliveriesAndTheShareIsTheClusters() throws Exception {
    // one node sends at most 20 deliveries at once: eleven subscribers holding two each need both nodes' senders
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      paths.add("/many-" + i);
      hold(paths.get(i));
      register(paths.get(i));
    }
    for (int i = 0; i < 3; i++) {
      submit();
    }

    eventually(() -> paths.stream().allMatch(path -> OPEN.containsKey(path) && OPEN.get(path).get() == 2));
    List<Hit> held = paths.stream().flatMap(path -> hits(path).stream()).toList();
    assertThat(held).as("the requests held open").hasSize(22);
    assertThat(held.stream().map(Hit::sender).distinct()).as("the nodes whose senders hold them").hasSize(2);
    // the node with free slots left did not take the third change of a subscriber the other node holds two of
    assertThat(paths).allSatisfy(path -> assertThat(MOST_OPEN.get(path)).as(path).hasValue(2));

    paths.forEach(WebhookLimitTest::release);
    eventually(() -> paths.stream().allMatch(path -> hits(path).size() == 3));
    assertThat(paths).allSatisfy(path -> assertThat(MOST_OPEN.get(path)).as(path).hasValue(2));
  }

  @Test
  @DisplayName("pauses a subscriber whose backlog is full, shows why, and queues for it again once resumed")
  void fullBacklogPausesTheSubscriber() throws Exception {
    hold("/stuck");
    String stuck = register("/stuck");
    assertThat(subscriber(stuck).getString("status")).isEqualTo("ACTIVE");
    List<String> numbers = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      numbers.add(submit());
    }

    eventually(() -> "PAUSED".equals(subscriber(stuck).getString("status")));
    JsonObject paused = subscriber(stuck);
    assertThat(paused.getString("pausedAt")).isNotNull();
    assertThat(paused.getString("pausedReason")).startsWith("5 deliveries were waiting")
        .contains("WEBHOOK_MAX_PENDING_PER_SUBSCRIBER");
    // the change that found the backlog full was not queued, nor is one made while paused
    String whilePaused = submit();
    CaughtUp.processors(Set.of(WebhookProjection.NAME), app);
    assertThat(deliveries(stuck)).extracting(d -> d.getString("number"))
        .containsExactlyInAnyOrderElementsOf(numbers.subList(0, 5));

    // what was queued is still sent once the receiver answers; resumed, the subscriber gets new changes again
    release("/stuck");
    eventually(() -> deliveries(stuck).stream().allMatch(d -> "SENT".equals(d.getString("status"))));
    HttpResponse<Buffer> resumed = app.post("/api/admin/webhooks/" + stuck + "/resume", admin, null);
    assertThat(resumed.statusCode()).as(resumed.bodyAsString()).isEqualTo(200);
    assertThat(resumed.bodyAsJsonObject().getString("status")).isEqualTo("ACTIVE");
    assertThat(resumed.bodyAsJsonObject().getString("pausedReason")).isNull();
    String afterResume = submit();
    eventually(() -> numbers("/stuck").contains(afterResume));
    assertThat(numbers("/stuck")).doesNotContain(numbers.get(5), whilePaused);
    assertThat(app.post("/api/admin/webhooks/00000000-0000-0000-0000-000000000000/resume", admin, null)
        .statusCode()).isEqualTo(404);
  }

  /** A subscriber at {@code path} whose receiver holds the one delivery queued for it, unanswered: SENDING. */
  private static String subscriberHoldingOne(String path) throws Exception {
    hold(path);
    String id = register(path);
    submit();
    eventually(() -> hits(path).size() == 1);
    return id;
  }

  @Test
  @DisplayName("refuses to send again by hand a delivery being sent, with 409, and changes nothing")
  void redeliveryOfADeliveryUnderWayIsRefused() throws Exception {
    String busy = subscriberHoldingOne("/busy");
    JsonObject sending = deliveries(busy).get(0);
    assertThat(sending.getString("status")).isEqualTo("SENDING");

    HttpResponse<Buffer> refused = app.post("/api/admin/webhooks/deliveries/" + sending.getString("deliveryId")
        + "/redeliver", admin, null);
    assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(409);
    assertThat(refused.bodyAsJsonObject().getString("error")).isEqualTo("DELIVERY_UNDER_WAY");
    assertThat(refused.bodyAsJsonObject().getString("message")).isNotBlank();
    assertThat(refused.bodyAsJsonObject().getJsonObject("details").getString("deliveryId"))
        .isEqualTo(sending.getString("deliveryId"));
    assertThat(deliveries(busy)).containsExactly(sending);
    release("/busy");
    eventually(() -> "SENT".equals(deliveries(busy).get(0).getString("status")));
  }

  @Test
  @DisplayName("drops the late outcome of an attempt whose delivery was claimed again meanwhile")
  void lateOutcomeDoesNotOverwriteANewerClaim() throws Exception {
    String late = subscriberHoldingOne("/late");
    String deliveryId = deliveries(late).get(0).getString("deliveryId");
    // as another claim would after the lease ran out: a new lease (ending soon), and one more attempt
    try (Connection c = app.jdbc(); PreparedStatement st = c.prepareStatement("UPDATE webhook_outbox SET "
        + "next_attempt_at = now() + interval '3 seconds', attempts = attempts + 1 WHERE delivery_id = ?")) {
      st.setString(1, deliveryId);
      assertThat(st.executeUpdate()).isEqualTo(1);
    }

    // the first attempt is answered now, but its SENT would overwrite the newer claim's row: it is dropped, the row
    // stays that claim's, and once its lease ends the delivery is sent again (a SENT row would never be)
    release("/late");
    eventually(() -> hits("/late").size() == 2);
    eventually(() -> "SENT".equals(deliveries(late).get(0).getString("status")));
    assertThat(deliveries(late).get(0).getInteger("attempts")).isEqualTo(3);
    assertThat(hits("/late")).extracting(Hit::number).containsOnly(hits("/late").get(0).number());
  }
}
