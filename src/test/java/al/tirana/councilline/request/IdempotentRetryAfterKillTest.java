package al.tirana.councilline.request;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.support.Await;
import al.tirana.councilline.support.NodeProcess;
import al.tirana.councilline.support.TestApp;
import al.tirana.councilline.support.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Submissions with idempotency keys to a node killed with -9 while they are in flight")
class IdempotentRetryAfterKillTest {

  private static final int SUBMISSIONS_PER_ROUND = 120;
  /** Answers the node gives before it is killed: by then the submissions after them are in flight. */
  private static final int ANSWERED_BEFORE_KILL = 20;
  private static final int MOST_ROUNDS = 4;
  private static final String SUBJECT = "Killed node, key ";

  @Test
  @Timeout(value = 8, unit = TimeUnit.MINUTES)
  @DisplayName("are each stored once, and their retries on another node get the original number where the first "
      + "attempt had committed")
  void retryAfterKill(Vertx vertx, @org.junit.jupiter.api.io.TempDir Path logs) throws Exception {
    String databaseUrl = TestDatabase.freshDatabaseUrl();
    Map<String, JsonObject> bodies = new LinkedHashMap<>();
    Map<String, String> answered = new ConcurrentHashMap<>();
    Map<String, String> committedUnanswered = new HashMap<>();
    String commission = null;
    // a kill may happen to find no submission between its commit and its answer; another round then tries again
    for (int round = 1; round <= MOST_ROUNDS && committedUnanswered.isEmpty(); round++) {
      int port = TestApp.freePort();
      WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("localhost")
          .setDefaultPort(port), new PoolOptions().setHttp1MaxSize(48));
      NodeProcess node = NodeProcess.start(
          TestApp.env(Map.of("DATABASE_URL", databaseUrl, "HTTP_PORT", String.valueOf(port))),
          logs.resolve("node-" + round + ".log"));
      List<String> keys = new ArrayList<>();
      List<Future<HttpResponse<Buffer>>> inFlight = new ArrayList<>();
      try {
        node.awaitHealthy(client, Duration.ofSeconds(120));
        if (commission == null) {
          commission = NodeProcess.createCommission(client, "Housing Commission");
        }
        AtomicInteger answers = new AtomicInteger();
        for (int i = 0; i < SUBMISSIONS_PER_ROUND; i++) {
          String key = UUID.randomUUID().toString();
          JsonObject body = TestApp.submission("COMMISSION", commission).put("subject", SUBJECT + key);
          bodies.put(key, body);
          keys.add(key);
          inFlight.add(client.post("/api/requests").putHeader("Idempotency-Key", key).timeout(60_000)
              .sendJson(body).onSuccess(response -> {
                if (response.statusCode() == 201) {
                  answered.put(key, response.bodyAsJsonObject().getString("number"));
                  answers.incrementAndGet();
                }
              }));
        }
        awaitAnswers(answers, ANSWERED_BEFORE_KILL);
        awaitCommittedUnanswered(node, databaseUrl, keys, answered);
      } finally {
        assertThat(node.kill(Duration.ofSeconds(30))).as("killed").isTrue();
      }
      // what was answered before the kill is all that will be: the others fail, their connection gone
      Future.join(inFlight).otherwiseEmpty().await();
      client.close();
      List<String> unanswered = keys.stream().filter(key -> !answered.containsKey(key)).toList();
      committedUnanswered.putAll(storedNumbers(databaseUrl, unanswered));
      System.out.printf("round %d: %d answered, %d committed but unanswered%n", round,
          keys.size() - unanswered.size(), committedUnanswered.size());
    }
    assertThat(committedUnanswered).as("submissions committed whose answer the kill cut off").isNotEmpty();

    try (TestApp other = TestApp.onDatabase(vertx, databaseUrl)) {
      List<String> toRetry = bodies.keySet().stream().filter(key -> !answered.containsKey(key)).toList();
      List<Future<HttpResponse<Buffer>>> retries = toRetry.stream()
          .map(key -> other.sendAsync(other.client().post("/api/requests").putHeader("Idempotency-Key", key), null,
              bodies.get(key)))
          .toList();
      Future.join(retries).await();
      Map<String, String> retried = new HashMap<>();
      for (int i = 0; i < toRetry.size(); i++) {
        HttpResponse<Buffer> response = retries.get(i).result();
        String key = toRetry.get(i);
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
        retried.put(key, response.bodyAsJsonObject().getString("number"));
        if (committedUnanswered.containsKey(key)) {
          assertThat(response.getHeader("Idempotent-Replayed")).as("retry of " + key).isEqualTo("true");
          assertThat(retried.get(key)).as("retry of " + key).isEqualTo(committedUnanswered.get(key));
        }
      }

      // every request stored, by the key its subject carries: exactly one per key, the one its answer named
      Map<String, List<String>> requestsByKey = requestsByKey(other);
      assertThat(requestsByKey.keySet()).containsExactlyInAnyOrderElementsOf(bodies.keySet());
      for (String key : bodies.keySet()) {
        String number = answered.containsKey(key) ? answered.get(key) : retried.get(key);
        assertThat(requestsByKey.get(key)).as("requests of key " + key).containsExactly(number);
      }
      System.out.printf("%d submissions, %d answered before a kill, %d committed but unanswered, %d retried%n",
          bodies.size(), answered.size(), committedUnanswered.size(), toRetry.size());
    }
  }

  /** Each stored request, read back in full by the administrator, grouped by the key in its subject. */
  private static Map<String, List<String>> requestsByKey(TestApp node) throws Exception {
    String admin = node.adminToken();
    List<String> numbers = new ArrayList<>();
    try (Connection c = node.jdbc(); PreparedStatement ps = c.prepareStatement("SELECT number FROM request_view");
         ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        numbers.add(rs.getString(1));
      }
    }
    List<Future<HttpResponse<Buffer>>> views = numbers.stream()
        .map(number -> node.sendAsync(node.client().get("/api/requests/" + number), admin, null)).toList();
    Future.all(views).await();
    return views.stream().map(view -> view.result().bodyAsJsonObject())
        .collect(Collectors.groupingBy(view -> view.getString("subject").substring(SUBJECT.length()),
            Collectors.mapping(view -> view.getString("number"), Collectors.toList())));
  }

  /** The numbers the key table holds for these keys: the submissions that committed. */
  private static Map<String, String> storedNumbers(String databaseUrl, List<String> keys) throws Exception {
    try (Connection c = TestApp.jdbc(databaseUrl)) {
      return storedNumbers(c, keys);
    }
  }

  private static Map<String, String> storedNumbers(Connection c, List<String> keys) throws Exception {
    try (PreparedStatement ps = c.prepareStatement("SELECT key, number FROM idempotency_key WHERE key = ANY(?)")) {
      ps.setArray(1, c.createArrayOf("text", keys.toArray()));
      Map<String, String> stored = new HashMap<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          stored.put(rs.getString(1), rs.getString(2));
        }
      }
      return stored;
    }
  }

  /**
   * Waits until a submission of this round has committed and not been answered, and freezes the node (SIGSTOP) with
   * it so: a kill then leaves it committed and unanswered. If the answer was on its way after all, the node goes on
   * (SIGCONT) and the wait with it. Gives up when every submission has been answered or after 60 s.
   * Not {@code Await}: the window between a commit and its answer is a few milliseconds, so the key table is read
   * back to back without a pause, and giving up fails nothing (the next round tries again).
   */
  private static void awaitCommittedUnanswered(NodeProcess node, String databaseUrl, List<String> keys,
                                               Map<String, String> answered) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    try (Connection c = TestApp.jdbc(databaseUrl)) {
      while (Instant.now().isBefore(deadline) && !answered.keySet().containsAll(keys)) {
        if (answered.keySet().containsAll(storedNumbers(c, keys).keySet())) {
          continue;
        }
        signal(node, "STOP");
        if (!answered.keySet().containsAll(storedNumbers(c, keys).keySet())) {
          return;
        }
        signal(node, "CONT");
      }
    }
  }

  private static void signal(NodeProcess node, String signal) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(node.pid())).inheritIO().start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -" + signal).isTrue();
  }

  private static void awaitAnswers(AtomicInteger answers, int wanted) throws Exception {
    Await.until(wanted + " answers", Duration.ofSeconds(120), () -> answers.get() >= wanted);
  }
}
