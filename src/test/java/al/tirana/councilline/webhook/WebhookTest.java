package al.tirana.councilline.webhook;

import static al.tirana.councilline.support.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.platform.keys.MasterKey;
import al.tirana.councilline.support.StoredRows;
import al.tirana.councilline.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The tests play the subscriber: a real HTTP receiver that checks what Standard Webhooks promises it. */
@DisplayName("Signed outbound webhooks")
class WebhookTest {

  /** What the receiver got: one entry per HTTP request, whatever it answered. */
  record Received(String path, String id, String timestamp, String signature, String body, int answered) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  /** A short back-off, and few attempts, so that a retry and a final failure happen within a test. */
  private static final Map<String, String> SETTINGS = Map.of("WEBHOOK_RETRY_SECONDS", "1", "WEBHOOK_MAX_ATTEMPTS",
      "4");

  private static Vertx vertx;
  private static HttpServer receiver;
  private static final Queue<Received> RECEIVED = new ConcurrentLinkedQueue<>();
  /** Paths that answer 500 this many more times before they answer 200. */
  private static final Map<String, AtomicInteger> FAILURES = new ConcurrentHashMap<>();
  private static TestApp app;
  private static String admin;
  private static String commission;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    receiver = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      AtomicInteger failures = FAILURES.get(req.path());
      int status = failures != null && failures.getAndDecrement() > 0 ? 500 : 200;
      RECEIVED.add(new Received(req.path(), req.getHeader("webhook-id"), req.getHeader("webhook-timestamp"),
          req.getHeader("webhook-signature"), body.toString(StandardCharsets.UTF_8), status));
      req.response().setStatusCode(status).end();
    })).listen(0).await();
    app = TestApp.onFreshDatabase(vertx, SETTINGS);
    admin = app.adminToken();
    commission = app.createCommission(admin, "Komisioni i Rinisë");
  }

  @AfterAll
  static void stop() {
    app.close();
    receiver.close().await();
    vertx.close().await();
  }

  private static String url(String path) {
    return "http://localhost:" + receiver.actualPort() + path;
  }

  private static JsonObject register(String path, String... types) {
    HttpResponse<Buffer> created = app.post("/api/admin/webhooks", admin, new JsonObject().put("url", url(path))
        .put("eventTypes", new JsonArray(List.of(types))));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject();
  }

  private static List<Received> received(String path, String number, String type) {
    return RECEIVED.stream().filter(r -> r.path().equals(path) && r.answered() == 200)
        .filter(r -> r.json().getJsonObject("data").getString("number").equals(number))
        .filter(r -> r.json().getString("type").equals(type)).toList();
  }

  /** The subscriber's latest delivery, as admins see it. */
  private static JsonObject latestDelivery(JsonObject hook) {
    return app.get("/api/admin/webhooks/" + hook.getString("id") + "/deliveries", admin).bodyAsJsonObject()
        .getJsonArray("items").getJsonObject(0);
  }

  /** The receiver's own check, as the convention describes it: HMAC-SHA256 over id.timestamp.body. */
  private static boolean validSignature(Received r, String secret) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
    String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal((r.id() + "." + r.timestamp() + "."
        + r.body()).getBytes(StandardCharsets.UTF_8)));
    return List.of(r.signature().split(" ")).contains(expected);
  }

  /** The same database, a new node: what a node does at start-up happens again. */
  private static void restart() throws Exception {
    String databaseUrl = app.databaseUrl();
    app.close();
    app = TestApp.onDatabase(vertx, databaseUrl, SETTINGS);
    admin = app.adminToken();
  }

  /** The subscriber's row as stored: its plain secret column and its sealed one (empty when there is no row). */
  private static Optional<Stored> stored(UUID id) throws Exception {
    try (Connection c = app.jdbc(); PreparedStatement ps = c.prepareStatement(
        "SELECT secret, sealed_secret FROM webhook_subscription WHERE id = ?")) {
      ps.setObject(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(new Stored(rs.getString(1), rs.getBytes(2))) : Optional.empty();
      }
    }
  }

  record Stored(String plain, byte[] sealed) {
  }

  private static WebhookSecrets secrets() throws Exception {
    return new WebhookSecrets(MasterKey.configured(app.config()).orElseThrow());
  }

  /** A subscriber stored the way versions before sealing stored it: the secret in plain text. */
  private static UUID insertPlain(String path, String type, String secret) throws Exception {
    UUID id = UUID.randomUUID();
    try (Connection c = app.jdbc(); PreparedStatement ps = c.prepareStatement("INSERT INTO webhook_subscription "
        + "(id, url, event_types, secret) VALUES (?, ?, ARRAY[?], ?)")) {
      ps.setObject(1, id);
      ps.setString(2, url(path));
      ps.setString(3, type);
      ps.setString(4, secret);
      ps.executeUpdate();
    }
    return id;
  }

  /** A new request reaches the subscriber at this path once, signed with this secret. */
  private static void assertNextSubmissionSigned(String path, String secret) throws Exception {
    String number = app.submit(TestApp.submission("COMMISSION", commission)).getString("number");
    eventually(() -> received(path, number, "RequestSubmitted").size() == 1);
    assertThat(validSignature(received(path, number, "RequestSubmitted").get(0), secret)).as("signature on " + path)
        .isTrue();
  }

  private static void acknowledge(String number) {
    assertThat(app.post("/api/requests/" + number + "/acknowledge", admin, new JsonObject()).statusCode())
        .isEqualTo(200);
  }

  @Test
  @DisplayName("delivers each public change once, signed with the subscriber's secret, without personal data")
  void deliversEachChangeOnceSigned() throws Exception {
    JsonObject hook = register("/once", "RequestSubmitted", "RequestAcknowledged");
    String secret = hook.getString("secret");
    assertThat(secret).startsWith("whsec_");
    assertThat(Base64.getDecoder().decode(secret.substring(6))).hasSizeGreaterThanOrEqualTo(24);
    String number = app.submit(TestApp.submission("COMMISSION", commission)).getString("number");
    acknowledge(number);
    eventually(() -> received("/once", number, "RequestAcknowledged").size() == 1);
    // a later change arriving is the sign that nothing earlier is still on its way
    String later = app.submit(TestApp.submission("COMMISSION", commission)).getString("number");
    eventually(() -> received("/once", later, "RequestSubmitted").size() == 1);

    List<Received> submitted = received("/once", number, "RequestSubmitted");
    List<Received> acknowledged = received("/once", number, "RequestAcknowledged");
    assertThat(submitted).hasSize(1);
    assertThat(acknowledged).hasSize(1);
    for (Received r : List.of(submitted.get(0), acknowledged.get(0))) {
      assertThat(validSignature(r, secret)).as("signature of " + r).isTrue();
      assertThat(Long.parseLong(r.timestamp())).isCloseTo(System.currentTimeMillis() / 1000,
          org.assertj.core.data.Offset.offset(120L));
      assertThat(r.body()).doesNotContain("Elira", "Kolaj", "elira.kolaj@example.al", "123 4567", "Youth centre",
          "closed for a year");
      JsonObject data = r.json().getJsonObject("data");
      assertThat(data.getString("category")).isEqualTo("YOUTH");
      assertThat(data.getString("priority")).isEqualTo("URGENT");
      assertThat(data.getString("addresseeId")).isEqualTo(commission);
    }
    assertThat(submitted.get(0).id()).isNotEqualTo(acknowledged.get(0).id());
    assertThat(RECEIVED.stream().filter(r -> r.path().equals("/once")).map(Received::id).toList())
        .as("no webhook-id delivered twice").doesNotHaveDuplicates();
    assertThat(validSignature(new Received("/once", submitted.get(0).id(), submitted.get(0).timestamp(),
        submitted.get(0).signature(), submitted.get(0).body() + " ", 200), secret))
        .as("a changed body fails the check").isFalse();

    JsonArray deliveries = app.get("/api/admin/webhooks/" + hook.getString("id") + "/deliveries", admin)
        .bodyAsJsonObject().getJsonArray("items");
    assertThat(deliveries.stream().map(JsonObject.class::cast)
        .filter(d -> d.getString("deliveryId").equals(acknowledged.get(0).id())).findFirst().orElseThrow()
        .getString("status")).isEqualTo("SENT");
  }

  @Test
  @DisplayName("retries a receiver that failed three times and delivers once it recovers, with the same id")
  void retriesWithBackoff() throws Exception {
    FAILURES.put("/flaky", new AtomicInteger(3));
    JsonObject hook = register("/flaky", "RequestAcknowledged");
    String number = app.submit(TestApp.submission("COMMISSION", commission)).getString("number");
    acknowledge(number);
    eventually(() -> received("/flaky", number, "RequestAcknowledged").size() == 1);

    List<Received> attempts = RECEIVED.stream().filter(r -> r.path().equals("/flaky")).toList();
    assertThat(attempts).extracting(Received::answered).containsExactly(500, 500, 500, 200);
    assertThat(attempts).extracting(Received::id).containsOnly(attempts.get(0).id());
    assertThat(validSignature(attempts.get(3), hook.getString("secret"))).isTrue();
    // the receiver's answer is recorded a moment after it reached the receiver
    eventually(() -> "SENT".equals(latestDelivery(hook).getString("status")));
    JsonObject delivery = latestDelivery(hook);
    assertThat(delivery.getInteger("attempts")).isEqualTo(4);
  }

  @Test
  @DisplayName("marks a delivery FAILED after WEBHOOK_MAX_ATTEMPTS failed attempts, shown to admins")
  void failsAfterMaxAttempts() throws Exception {
    FAILURES.put("/down", new AtomicInteger(Integer.MAX_VALUE));
    JsonObject hook = register("/down", "RequestSubmitted");
    String number = app.submit(TestApp.submission("COMMISSION", commission)).getString("number");
    String deliveries = "/api/admin/webhooks/" + hook.getString("id") + "/deliveries";
    eventually(() -> app.get(deliveries, admin).bodyAsJsonObject().getJsonArray("items").stream()
        .map(JsonObject.class::cast).anyMatch(d -> "FAILED".equals(d.getString("status"))));
    JsonObject failed = app.get(deliveries, admin).bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
    assertThat(failed.getInteger("attempts")).isEqualTo(4);
    assertThat(failed.getString("number")).isEqualTo(number);
    assertThat(failed.getString("lastError")).contains("500");
    assertThat(RECEIVED.stream().filter(r -> r.path().equals("/down")).count()).isEqualTo(4);
  }

  @Test
  @DisplayName("keeps a subscriber's secret only sealed under the master key, and signs with the secret shown once")
  void keepsTheSecretSealed() throws Exception {
    JsonObject hook = register("/sealed", "RequestSubmitted");
    String secret = hook.getString("secret");
    UUID id = UUID.fromString(hook.getString("id"));

    Stored row = stored(id).orElseThrow();
    assertThat(row.plain()).as("the plain column").isNull();
    assertThat(row.sealed()).as("the sealed column").isNotEmpty();
    String sealedBytes = new String(row.sealed(), StandardCharsets.ISO_8859_1);
    assertThat(sealedBytes).doesNotContain(secret.substring(6)).doesNotContain(new String(
        Base64.getDecoder().decode(secret.substring(6)), StandardCharsets.ISO_8859_1));
    assertThat(StoredRows.everyRow(app)).as("no stored row holds the secret")
        .noneMatch(text -> text.contains(secret.substring(6)));
    assertThat(secrets().open(id, row.sealed(), null)).as("opened with the master key").isEqualTo(secret);

    assertNextSubmissionSigned("/sealed", secret);
  }

  @Test
  @DisplayName("does not sign with a sealed secret copied from another subscriber's row, and says why")
  void sealedSecretIsBoundToItsSubscriber() throws Exception {
    JsonObject from = register("/moved-from", "RequestSubmitted");
    JsonObject to = register("/moved-to", "RequestSubmitted");
    UUID toId = UUID.fromString(to.getString("id"));
    try (Connection c = app.jdbc(); PreparedStatement ps = c.prepareStatement("UPDATE webhook_subscription SET "
        + "sealed_secret = (SELECT sealed_secret FROM webhook_subscription WHERE id = ?) WHERE id = ?")) {
      ps.setObject(1, UUID.fromString(from.getString("id")));
      ps.setObject(2, toId);
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }

    String number = app.submit(TestApp.submission("COMMISSION", commission)).getString("number");
    eventually(() -> app.count("SELECT count(*) FROM webhook_outbox WHERE subscription_id = ? AND number = ? "
        + "AND last_error LIKE '%does not open%'", toId, number) == 1);
    eventually(() -> received("/moved-from", number, "RequestSubmitted").size() == 1);
    assertThat(validSignature(received("/moved-from", number, "RequestSubmitted").get(0), from.getString("secret")))
        .isTrue();
    assertThat(RECEIVED.stream().filter(r -> r.path().equals("/moved-to"))).as("nothing signed for /moved-to")
        .isEmpty();
    for (JsonObject hook : List.of(from, to)) {
      assertThat(app.send(app.client().delete("/api/admin/webhooks/" + hook.getString("id")), admin, null)
          .statusCode()).isEqualTo(204);
    }
  }

  @Test
  @DisplayName("signs with a secret an earlier version stored in plain text, and seals it when a node starts")
  void plainSecretOfAnEarlierVersion() throws Exception {
    String secret = WebhookSignature.newSecret();
    UUID id = insertPlain("/plain", "RequestSubmitted", secret);
    assertNextSubmissionSigned("/plain", secret);

    restart();
    Stored row = stored(id).orElseThrow();
    assertThat(row.plain()).as("the plain column after the start").isNull();
    assertThat(secrets().open(id, row.sealed(), null)).isEqualTo(secret);
    assertNextSubmissionSigned("/plain", secret);
  }

  @Test
  @DisplayName("seals each plain secret once when two nodes seal at the same moment")
  void twoNodesSealOnce() throws Exception {
    Map<UUID, String> plain = new HashMap<>();
    for (int i = 0; i < 5; i++) {
      String secret = WebhookSignature.newSecret();
      plain.put(insertPlain("/never", "RequestReopened", secret), secret);
    }
    long toSeal = app.count("SELECT count(*) FROM webhook_subscription WHERE secret IS NOT NULL");
    WebhookSecrets secrets = secrets();
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService nodes = Executors.newFixedThreadPool(2);
    try {
      Callable<Integer> node = () -> {
        go.await();
        return secrets.sealPlainRows(app.app().database().dataSource());
      };
      List<Future<Integer>> runs = List.of(nodes.submit(node), nodes.submit(node));
      go.countDown();
      assertThat(runs.get(0).get() + runs.get(1).get()).as("rows sealed by both together").isEqualTo(toSeal);
    } finally {
      nodes.shutdown();
    }
    assertThat(app.count("SELECT count(*) FROM webhook_subscription WHERE secret IS NOT NULL")).isZero();
    for (Map.Entry<UUID, String> subscriber : plain.entrySet()) {
      assertThat(secrets.open(subscriber.getKey(), stored(subscriber.getKey()).orElseThrow().sealed(), null))
          .isEqualTo(subscriber.getValue());
    }
  }

  @Test
  @DisplayName("does not deliver an acknowledged change again after a restart")
  void restartDoesNotDeliverTwice() throws Exception {
    register("/restart", "RequestSubmitted", "RequestAcknowledged");
    String number = app.submit(TestApp.submission("COMMISSION", commission)).getString("number");
    eventually(() -> received("/restart", number, "RequestSubmitted").size() == 1);
    String firstId = received("/restart", number, "RequestSubmitted").get(0).id();
    eventually(() -> app.count("SELECT count(*) FROM webhook_outbox WHERE delivery_id = ? AND status = 'SENT'",
        firstId) == 1);

    restart();
    acknowledge(number);
    // the change made after the restart arriving is the sign that the restarted node's sender has run
    eventually(() -> received("/restart", number, "RequestAcknowledged").size() == 1);
    assertThat(RECEIVED.stream().filter(r -> firstId.equals(r.id())).count()).isEqualTo(1);
  }

  @Test
  @DisplayName("lets an admin send a delivery again by hand, with the same webhook-id")
  void manualRedelivery() throws Exception {
    JsonObject hook = register("/manual", "RequestSubmitted");
    String number = app.submit(TestApp.submission("COMMISSION", commission)).getString("number");
    eventually(() -> received("/manual", number, "RequestSubmitted").size() == 1);
    String id = received("/manual", number, "RequestSubmitted").get(0).id();
    // the receiver answered; a delivery is sent again by hand once its attempt is recorded
    eventually(() -> "SENT".equals(latestDelivery(hook).getString("status")));
    HttpResponse<Buffer> again = app.post("/api/admin/webhooks/deliveries/" + id + "/redeliver", admin, null);
    assertThat(again.statusCode()).as(again.bodyAsString()).isEqualTo(202);
    eventually(() -> received("/manual", number, "RequestSubmitted").size() == 2);
    assertThat(received("/manual", number, "RequestSubmitted")).extracting(Received::id).containsOnly(id);
    assertThat(validSignature(received("/manual", number, "RequestSubmitted").get(1), hook.getString("secret")))
        .isTrue();
    assertThat(app.post("/api/admin/webhooks/deliveries/msg_unknown/redeliver", admin, null).statusCode())
        .isEqualTo(404);
  }

  @Test
  @DisplayName("refuses a bad address or an unknown event type with a 400 JSON error, a port out of range with 422, and stores nothing")
  void refusesBadInput() throws Exception {
    long before = app.count("SELECT count(*) FROM webhook_subscription");
    for (JsonObject bad : List.of(
        new JsonObject().put("url", "not a url").put("eventTypes", new JsonArray().add("RequestResolved")),
        new JsonObject().put("url", "ftp://example.al/x").put("eventTypes", new JsonArray().add("RequestResolved")),
        new JsonObject().put("url", "https://example.al/x").put("eventTypes", new JsonArray().add("InternalNoteAdded")),
        new JsonObject().put("url", "https://example.al/x").put("eventTypes", new JsonArray().add("Nonsense")),
        new JsonObject().put("url", "https://example.al/x").put("eventTypes", new JsonArray()),
        new JsonObject().put("url", "https://example.al/x"))) {
      HttpResponse<Buffer> refused = app.post("/api/admin/webhooks", admin, bad);
      assertThat(refused.statusCode()).as(bad + " -> " + refused.bodyAsString()).isEqualTo(400);
      assertThat(refused.bodyAsJsonObject().getString("error")).isNotBlank();
    }
    assertThat(app.count("SELECT count(*) FROM webhook_subscription")).isEqualTo(before);
    // a well-formed address on a port nothing can listen on
    for (String port : List.of("99999", "0")) {
      HttpResponse<Buffer> refused = app.post("/api/admin/webhooks", admin, new JsonObject()
          .put("url", "https://example.al:" + port + "/x").put("eventTypes", new JsonArray().add("RequestResolved")));
      assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(422);
      assertThat(refused.bodyAsJsonObject().getString("error")).isEqualTo("VALIDATION_FAILED");
      assertThat(refused.bodyAsJsonObject().getJsonArray("details").getJsonObject(0).getString("problem"))
          .isEqualTo("port " + port + " is not between 1 and 65535");
    }
    assertThat(app.count("SELECT count(*) FROM webhook_subscription")).isEqualTo(before);
    JsonObject hook = register("/removed", "RequestSubmitted");
    assertThat(app.get("/api/admin/webhooks", admin).bodyAsJsonObject().getJsonArray("items").encode())
        .contains(hook.getString("id")).doesNotContain(hook.getString("secret"));
    assertThat(app.send(app.client().delete("/api/admin/webhooks/" + hook.getString("id")), admin, null)
        .statusCode()).isEqualTo(204);
    assertThat(app.get("/api/admin/webhooks", admin).bodyAsJsonObject().getJsonArray("items").encode())
        .doesNotContain(hook.getString("id"));
  }
}
