package al.tirana.councilline.request;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.support.StartedApp;
import al.tirana.councilline.support.TestApp;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** One submission worker, so that submissions sent together are committed in groups. */
@StartedApp(settings = "SUBMISSION_THREADS=1")
@DisplayName("A submission sent with an Idempotency-Key")
class IdempotentSubmissionTest {

  @StartedApp.Node
  private static TestApp app;
  @StartedApp.Admin
  private static String admin;
  @StartedApp.Commission("Public Works Commission")
  private static String commission;

  @Test
  @DisplayName("sent twice makes one request, and the repeat gets the first answer again, marked as replayed")
  void sameKeyTwice() throws Exception {
    String key = UUID.randomUUID().toString();
    long before = requests();
    HttpResponse<Buffer> first = submit(app, key, submission("Broken street light"));
    HttpResponse<Buffer> repeat = submit(app, key, submission("Broken street light"));

    assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(201);
    assertThat(first.getHeader("Idempotent-Replayed")).isNull();
    assertThat(repeat.statusCode()).as(repeat.bodyAsString()).isEqualTo(201);
    assertThat(repeat.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(repeat.bodyAsJsonObject()).isEqualTo(first.bodyAsJsonObject());
    assertThat(requests()).isEqualTo(before + 1);
    assertThat(app.count("SELECT count(*) FROM idempotency_key WHERE key = ? AND number = ?", key,
        first.bodyAsJsonObject().getString("number"))).isEqualTo(1);
  }

  @Test
  @DisplayName("repeated with its fields in another order is the same submission")
  void fieldOrderDoesNotMatter() throws Exception {
    String key = UUID.randomUUID().toString();
    JsonObject body = submission("Fallen tree on the pavement");
    JsonObject reordered = new JsonObject();
    List<String> names = new ArrayList<>(body.fieldNames());
    java.util.Collections.reverse(names);
    names.forEach(name -> reordered.put(name, body.getValue(name)));
    String first = submit(app, key, body).bodyAsJsonObject().getString("number");

    HttpResponse<Buffer> repeat = submit(app, key, reordered);
    assertThat(repeat.statusCode()).isEqualTo(201);
    assertThat(repeat.bodyAsJsonObject().getString("number")).isEqualTo(first);
  }

  @Test
  @DisplayName("reused for another body is refused with 422 and stores nothing")
  void sameKeyOtherBody() throws Exception {
    String key = UUID.randomUUID().toString();
    String first = submit(app, key, submission("Noise at night")).bodyAsJsonObject().getString("number");
    long requests = requests();
    long events = app.eventCount();

    HttpResponse<Buffer> reused = submit(app, key, submission("A different complaint"));
    assertThat(reused.statusCode()).as(reused.bodyAsString()).isEqualTo(422);
    assertThat(reused.bodyAsJsonObject().getString("error")).isEqualTo("IDEMPOTENCY_KEY_REUSED");
    assertThat(reused.getHeader("Content-Type")).startsWith("application/json");
    assertThat(requests()).isEqualTo(requests);
    assertThat(app.eventCount()).isEqualTo(events);
    assertThat(app.count("SELECT count(*) FROM idempotency_key WHERE key = ? AND number = ?", key, first))
        .as("the key still answers for the first submission").isEqualTo(1);
  }

  @Test
  @DisplayName("from a desk clerk is not the same submission as the same body and key sent anonymously")
  void keyIsPerSender() throws Exception {
    String clerk = app.createUser(admin, "desk.idempotent", "STAFF", null);
    String key = UUID.randomUUID().toString();
    JsonObject body = submission("Water leak in the school");
    assertThat(submit(app, key, body).statusCode()).isEqualTo(201);

    HttpResponse<Buffer> fromClerk = app.send(app.client().post("/api/requests").putHeader("Idempotency-Key", key),
        clerk, body);
    assertThat(fromClerk.statusCode()).as(fromClerk.bodyAsString()).isEqualTo(422);
  }

  @Test
  @DisplayName("that is malformed is refused with 400 JSON and stores nothing")
  void malformedKey() throws Exception {
    long requests = requests();
    for (String key : List.of("", "with space", "x".repeat(201), "tab\there", "ë-not-ascii")) {
      HttpResponse<Buffer> response = app.send(app.client().post("/api/requests")
          .putHeader("Idempotency-Key", key), null, submission("Malformed key"));
      assertThat(response.statusCode()).as("key [" + key + "]: " + response.bodyAsString()).isEqualTo(400);
      assertThat(response.bodyAsJsonObject().getString("error")).isNotBlank();
    }
    assertThat(submit(app, "x".repeat(200), submission("Longest key")).statusCode()).isEqualTo(201);
    assertThat(requests()).isEqualTo(requests + 1);
  }

  @Test
  @DisplayName("keeps its first answer sealed: the stored row does not hold the access code")
  void answerIsSealed() throws Exception {
    String key = UUID.randomUUID().toString();
    String accessCode = submit(app, key, submission("Pothole")).bodyAsJsonObject().getString("accessCode");
    try (Connection c = app.jdbc();
         PreparedStatement ps = c.prepareStatement("SELECT answer, fingerprint FROM idempotency_key WHERE key = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(new String(rs.getBytes(1), StandardCharsets.ISO_8859_1)).doesNotContain(accessCode);
        assertThat(new String(rs.getBytes(2), StandardCharsets.ISO_8859_1)).doesNotContain("Pothole");
      }
    }
  }

  @Test
  @DisplayName("older than 24 hours is not honoured: the same key then makes a new request")
  void expiredKey() throws Exception {
    String key = UUID.randomUUID().toString();
    String first = submit(app, key, submission("Graffiti")).bodyAsJsonObject().getString("number");
    try (Connection c = app.jdbc(); PreparedStatement ps = c.prepareStatement(
        "UPDATE idempotency_key SET created_at = now() - interval '25 hours' WHERE key = ?")) {
      ps.setString(1, key);
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }

    HttpResponse<Buffer> later = submit(app, key, submission("Graffiti"));
    assertThat(later.statusCode()).as(later.bodyAsString()).isEqualTo(201);
    assertThat(later.getHeader("Idempotent-Replayed")).isNull();
    String second = later.bodyAsJsonObject().getString("number");
    assertThat(second).isNotEqualTo(first);
    assertThat(app.count("SELECT count(*) FROM idempotency_key WHERE key = ? AND number = ?", key, second))
        .isEqualTo(1);
  }

  @Test
  @DisplayName("sent many times at once, within the groups of one node, makes one request per key and fails no "
      + "other submission of the group")
  void concurrentRepeatsOnOneNode() throws Exception {
    int keys = 12;
    int copies = 4;
    int withoutKey = 20;
    long before = requests();
    List<String> keyOf = new ArrayList<>();
    List<Future<HttpResponse<Buffer>>> inFlight = new ArrayList<>();
    for (int copy = 0; copy < copies; copy++) {
      for (int k = 0; k < keys; k++) {
        String key = "burst-" + k + "-" + before;
        keyOf.add(key);
        inFlight.add(submitAsync(app, key, submission("Burst " + k)));
        if (k < withoutKey / copies) {
          keyOf.add(null);
          inFlight.add(app.sendAsync(app.client().post("/api/requests"), null, submission("Unkeyed " + k)));
        }
      }
    }
    Future.join(inFlight).await();

    Map<String, Set<String>> numbersByKey = new java.util.HashMap<>();
    Map<String, Integer> originals = new java.util.HashMap<>();
    for (int i = 0; i < inFlight.size(); i++) {
      HttpResponse<Buffer> response = inFlight.get(i).result();
      assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
      String key = keyOf.get(i) == null ? "none-" + i : keyOf.get(i);
      numbersByKey.computeIfAbsent(key, k -> new HashSet<>()).add(response.bodyAsJsonObject().getString("number"));
      if (response.getHeader("Idempotent-Replayed") == null) {
        originals.merge(key, 1, Integer::sum);
      }
    }
    assertThat(numbersByKey.values()).allSatisfy(numbers -> assertThat(numbers).hasSize(1));
    assertThat(originals.values()).as("one first answer per key").containsOnly(1);
    assertThat(requests()).isEqualTo(before + keys + withoutKey);
  }

  @Test
  @DisplayName("sent to two nodes at once makes one request, and both are answered with its number")
  void sameKeyOnTwoNodes(Vertx vertx) throws Exception {
    try (TestApp other = TestApp.onDatabase(vertx, app.databaseUrl())) {
      int pairs = 60;
      long before = requests();
      List<Future<HttpResponse<Buffer>>> onFirst = new ArrayList<>();
      List<Future<HttpResponse<Buffer>>> onSecond = new ArrayList<>();
      for (int i = 0; i < pairs; i++) {
        String key = UUID.randomUUID().toString();
        JsonObject body = submission("Pair " + i);
        onFirst.add(submitAsync(app, key, body));
        onSecond.add(submitAsync(other, key, body));
      }
      Future.join(new ArrayList<>(List.of(Future.join(onFirst), Future.join(onSecond)))).await();

      for (int i = 0; i < pairs; i++) {
        HttpResponse<Buffer> a = onFirst.get(i).result();
        HttpResponse<Buffer> b = onSecond.get(i).result();
        assertThat(a.statusCode()).as(a.bodyAsString()).isEqualTo(201);
        assertThat(b.statusCode()).as(b.bodyAsString()).isEqualTo(201);
        assertThat(a.bodyAsJsonObject()).isEqualTo(b.bodyAsJsonObject());
        assertThat(IntStream.of(a.getHeader("Idempotent-Replayed") == null ? 1 : 0,
            b.getHeader("Idempotent-Replayed") == null ? 1 : 0).sum()).as("first answers of pair " + i)
            .isEqualTo(1);
      }
      assertThat(requests()).isEqualTo(before + pairs);
    }
  }

  @Test
  @DisplayName("is not needed: without one, the same body twice makes two requests")
  void withoutKey() throws Exception {
    long before = requests();
    HttpResponse<Buffer> first = app.post("/api/requests", null, submission("Twice on purpose"));
    HttpResponse<Buffer> second = app.post("/api/requests", null, submission("Twice on purpose"));
    assertThat(first.getHeader("Idempotent-Replayed")).isNull();
    assertThat(second.getHeader("Idempotent-Replayed")).isNull();
    assertThat(second.bodyAsJsonObject().getString("number"))
        .isNotEqualTo(first.bodyAsJsonObject().getString("number"));
    assertThat(requests()).isEqualTo(before + 2);
  }

  static JsonObject submission(String subject) {
    return TestApp.submission("COMMISSION", commission).put("subject", subject);
  }

  static HttpResponse<Buffer> submit(TestApp node, String key, JsonObject body) {
    return submitAsync(node, key, body).await();
  }

  static Future<HttpResponse<Buffer>> submitAsync(TestApp node, String key, JsonObject body) {
    return node.sendAsync(node.client().post("/api/requests").putHeader("Idempotency-Key", key), null, body);
  }

  private static long requests() throws Exception {
    return app.count("SELECT count(*) FROM request_view");
  }
}
