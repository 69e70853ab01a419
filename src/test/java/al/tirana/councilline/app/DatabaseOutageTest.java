package al.tirana.councilline.app;

import static al.tirana.councilline.support.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.support.Await;
import al.tirana.councilline.support.SseClient;
import al.tirana.councilline.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node on a PostgreSQL server of its own, which the test stops, freezes and brings back, as an operator's
 * restart, a crash or a stalled virtual machine would.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("During a database outage")
class DatabaseOutageTest {

  private static final Duration DB_TIMEOUT = Duration.ofSeconds(4);
  /** Scheduling and the HTTP exchange on a busy two-core machine, on top of DB_TIMEOUT. */
  private static final Duration MARGIN = Duration.ofSeconds(2);
  /** The hub's heartbeat period is 15 s: an outage this long sees at least one. */
  private static final Duration HEARTBEAT_WAIT = Duration.ofSeconds(20);

  @TempDir
  Path dataDir;

  private int port;
  private EmbeddedPostgres postgres;
  private TestApp app;
  private List<Long> frozen = List.of();

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    port = TestApp.freePort();
    postgres = startServer();
    app = TestApp.onDatabase(vertx, "postgres://postgres:postgres@127.0.0.1:" + port + "/postgres",
        Map.of("DB_TIMEOUT", "PT" + DB_TIMEOUT.toSeconds() + "S"));
  }

  @AfterEach
  void stop() throws Exception {
    signal("CONT", frozen);
    if (app != null) {
      app.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  @DisplayName("with PostgreSQL stopped, reads and submissions answer 503 in time, live streams stay open, and after "
      + "it returns they deliver every change once, lose no acknowledged submission, and the node serves again")
  void stoppedDatabase(Vertx vertx) throws Exception {
    String admin = app.adminToken();
    String commission = app.createCommission(admin, "Youth Commission");
    List<String> acknowledged = new ArrayList<>();
    acknowledged.add(submit(commission));
    try (SseClient feed = SseClient.connect(vertx, app.config().httpPort(), "/api/feed/stream", null, 0L)) {
      assertThat(feed.status()).isEqualTo(200);
      List<Long> wsIds = new CopyOnWriteArrayList<>();
      List<JsonObject> wsOther = new CopyOnWriteArrayList<>();
      WebSocketClient wsClient = vertx.createWebSocketClient();
      WebSocket ws = wsClient.connect(new WebSocketConnectOptions().setHost("localhost")
          .setPort(app.config().httpPort()).setURI("/ws")).await();
      ws.textMessageHandler(text -> {
        JsonObject message = new JsonObject(text);
        if (message.containsKey("id")) {
          wsIds.add(message.getLong("id"));
        } else {
          wsOther.add(message);
        }
      });
      ws.writeTextMessage(new JsonObject().put("action", "subscribe").put("topic", "feed").put("since", 0)
          .encode()).await();
      feed.await(e -> e.data().getString("number").equals(acknowledged.get(0)), Duration.ofSeconds(10));

      // submissions acknowledged just before the outage: their feed items may still be on their way
      for (int i = 0; i < 5; i++) {
        acknowledged.add(submit(commission));
      }
      postgres.close();
      Instant down = Instant.now();

      assertReadsAndSubmissionsUnavailable(acknowledged.get(0), admin, commission);
      HttpResponse<Buffer> health = app.get("/health", null);
      assertThat(health.statusCode()).isEqualTo(503);

      awaitHeartbeatAfter(feed, down);
      assertThat(ws.isClosed()).isFalse();

      postgres = startServer();
      eventually(() -> app.get("/health", null).statusCode() == 200);
      // the node recovers by itself: its JDBC pool reconnects with a backoff of its own, so the first
      // submissions may still meet the outage
      eventually(() -> submitted(commission, acknowledged));
      for (int i = 0; i < 4; i++) {
        acknowledged.add(submit(commission));
      }

      // caught up: every acknowledged submission is in the feed, and both streams reached its last position
      eventually(() -> {
        Feed now = feed();
        return now.numbers().containsAll(acknowledged) && lastOf(feed.events().stream().map(SseClient.Event::id)
            .toList()) >= lastOf(now.positions()) && lastOf(wsIds) >= lastOf(now.positions());
      });
      List<Long> stored = feed().positions();
      List<Long> received = feed.events().stream().map(SseClient.Event::id).toList();
      assertThat(received).as("every change once, in order, on the SSE stream").isEqualTo(stored);
      assertThat(wsIds).as("every change once, in order, on the WebSocket").isEqualTo(stored);
      assertThat(wsOther).as("no refusal or close on the WebSocket").isEmpty();
      assertThat(feed.events().stream().map(e -> e.data().getString("number")))
          .as("every acknowledged submission reached the stream").containsAll(acknowledged);
      for (String n : acknowledged) {
        assertThat(app.get("/api/requests/" + n, null).statusCode()).as(n).isEqualTo(200);
      }
      ws.close().await();
      wsClient.close().await();
    }
  }

  @Test
  @DisplayName("with PostgreSQL frozen (SIGSTOP), the health check, reads and submissions answer 503 in time, and "
      + "everything works again once it resumes")
  void frozenDatabase() throws Exception {
    String admin = app.adminToken();
    String commission = app.createCommission(admin, "Finance Commission");
    String number = submit(commission);

    frozen = serverProcesses();
    signal("STOP", frozen);

    HttpResponse<Buffer> health = timed(() -> app.get("/health", null));
    assertThat(health.statusCode()).isEqualTo(503);
    assertThat(health.bodyAsJsonObject().getString("status")).isEqualTo("DOWN");
    assertThat(health.getHeader("Retry-After")).isNotBlank();
    assertReadsAndSubmissionsUnavailable(number, admin, commission);

    signal("CONT", frozen);
    frozen = List.of();
    eventually(() -> app.get("/health", null).statusCode() == 200);
    List<String> after = new ArrayList<>();
    eventually(() -> submitted(commission, after));
    assertThat(app.get("/api/requests/" + after.get(0), null).statusCode()).isEqualTo(200);
    assertThat(app.get("/api/requests/" + number, null).statusCode()).isEqualTo(200);
  }

  private String submit(String commission) {
    return app.submit(TestApp.submission("COMMISSION", commission)).getString("number");
  }

  /** One submission; true when it was acknowledged, false on the outage's 503 (any other answer fails). */
  private boolean submitted(String commission, List<String> acknowledged) {
    HttpResponse<Buffer> response = app.post("/api/requests", null, TestApp.submission("COMMISSION", commission));
    if (response.statusCode() == 503) {
      assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("DATABASE_UNAVAILABLE");
      return false;
    }
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
    acknowledged.add(response.bodyAsJsonObject().getString("number"));
    return true;
  }

  /**
   * A public read, a feed page, a counselor's inbox (with a token issued before) and a submission: each 503 in time,
   * the submission refused before anything was sent.
   */
  private void assertReadsAndSubmissionsUnavailable(String number, String token, String commission) {
    assertUnavailableInTime(() -> app.get("/api/requests/" + number, null));
    assertUnavailableInTime(() -> app.get("/api/feed", null));
    assertUnavailableInTime(() -> app.get("/api/inbox", token));
    // an anonymous submission is first counted against the cluster's rate limit, in the database: that statement
    // fails before anything was sent, so the answer is a plain 503 (a command already sent says its outcome is
    // unknown: DatabaseUnavailableTest)
    JsonObject submission = assertUnavailableInTime(
        () -> app.post("/api/requests", null, TestApp.submission("COMMISSION", commission)));
    assertThat(submission.getString("message")).isNotBlank();
  }

  /** The answer is 503 DATABASE_UNAVAILABLE in JSON with Retry-After, within DB_TIMEOUT and the margin. */
  private JsonObject assertUnavailableInTime(Supplier<HttpResponse<Buffer>> call) {
    HttpResponse<Buffer> response = timed(call);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(503);
    assertThat(response.getHeader("Content-Type")).startsWith("application/json");
    assertThat(response.getHeader("Retry-After")).isNotBlank();
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getString("error")).isEqualTo("DATABASE_UNAVAILABLE");
    assertThat(body.getString("message")).isNotBlank();
    return body;
  }

  private static HttpResponse<Buffer> timed(Supplier<HttpResponse<Buffer>> call) {
    Instant sent = Instant.now();
    HttpResponse<Buffer> response = call.get();
    Duration took = Duration.between(sent, Instant.now());
    System.out.printf("answered %d in %d ms (DB_TIMEOUT %d ms)%n", response.statusCode(), took.toMillis(),
        DB_TIMEOUT.toMillis());
    assertThat(took).isLessThan(DB_TIMEOUT.plus(MARGIN));
    return response;
  }

  private static void awaitHeartbeatAfter(SseClient feed, Instant since) throws Exception {
    Await.until("a heartbeat during the outage", HEARTBEAT_WAIT,
        () -> feed.heartbeats().stream().anyMatch(at -> at.isAfter(since)));
  }

  /** The feed's change log in one snapshot: its positions in order, and the requests it names. */
  private record Feed(List<Long> positions, Set<String> numbers) {
  }

  private Feed feed() throws Exception {
    List<Long> positions = new ArrayList<>();
    Set<String> numbers = new HashSet<>();
    try (Connection c = app.jdbc(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT position, number FROM feed_item ORDER BY position")) {
      while (rs.next()) {
        positions.add(rs.getLong(1));
        numbers.add(rs.getString(2));
      }
    }
    return new Feed(positions, numbers);
  }

  private static long lastOf(List<Long> positions) {
    return positions.isEmpty() ? -1 : positions.get(positions.size() - 1);
  }

  /** A server of the test's own on a fixed port and data directory, so it comes back where the node expects it. */
  private EmbeddedPostgres startServer() throws IOException {
    // durable as the node's own embedded server is (zonky's test defaults are not): a commit is on disk
    return EmbeddedPostgres.builder().setPort(port).setDataDirectory(dataDir.resolve("pg"))
        .setCleanDataDirectory(false).setRegisterShutdownHook(false)
        .setServerConfig("fsync", "on").setServerConfig("full_page_writes", "on")
        .setServerConfig("synchronous_commit", "on").start();
  }

  /** The postmaster (first line of postmaster.pid) and every process it started: its backends and workers. */
  private List<Long> serverProcesses() throws IOException {
    long postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("pg").resolve("postmaster.pid")).get(0)
        .trim());
    ProcessHandle handle = ProcessHandle.of(postmaster).orElseThrow();
    return Stream.concat(Stream.of(handle), handle.descendants()).map(ProcessHandle::pid).toList();
  }

  private static void signal(String signal, List<Long> pids) throws Exception {
    if (pids.isEmpty()) {
      return;
    }
    List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
    pids.forEach(pid -> command.add(String.valueOf(pid)));
    Process kill = new ProcessBuilder(command).inheritIO().start();
    assertThat(kill.waitFor()).as(String.join(" ", command)).isZero();
  }
}
