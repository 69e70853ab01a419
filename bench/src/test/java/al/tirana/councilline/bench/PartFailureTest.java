package al.tirana.councilline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.support.StartedApp;
import al.tirana.councilline.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@DisplayName("The benchmark, when subscribers are refused or a node dies")
class PartFailureTest {

  @Test
  @DisplayName("counts a subscriber the node refuses (SSE 503, WebSocket handshake 503) as refused and one that "
      + "cannot connect as failed, without stopping")
  void countsRefusedAndFailedSubscribers(Vertx vertx,
      @StartedApp.Fresh(settings = "LIVE_MAX_SUBSCRIBERS=2") TestApp app) throws Exception {
    int port = app.config().httpPort();
    HttpClient http = vertx.createHttpClient();
    // held to the end: Vert.x closes a client the garbage collector finds unreachable, handshake in flight or not
    WebSocketClient webSockets = vertx.createWebSocketClient();
    Subscribers.Attempts attempts = new Subscribers.Attempts();
    HttpClientResponse admitted = Subscribers.sse(http, "localhost", port, frame -> { }).await();
    HttpClientResponse refused = Subscribers.sse(http, "localhost", port, frame -> { }).await();
    assertThat(attempts.answered(admitted.statusCode())).isTrue();
    assertThat(attempts.answered(refused.statusCode())).isFalse();
    Throwable handshake = webSockets.connect(new WebSocketConnectOptions().setHost("localhost")
        .setPort(port).setURI("/ws")).map(ws -> (Throwable) null).otherwise(err -> err).await();
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(handshake).isInstanceOf(io.vertx.core.http.UpgradeRejectedException.class);
    attempts.failed(handshake);
    Throwable noNode = webSockets.connect(new WebSocketConnectOptions().setHost("localhost")
        .setPort(Nodes.freePort()).setURI("/ws")).map(ws -> (Throwable) null).otherwise(err -> err).await();
    attempts.failed(noNode);

    assertThat(attempts.connectedCount()).isEqualTo(1);
    assertThat(attempts.refusedCount()).as("the SSE stream and the WebSocket the node had no room for").isEqualTo(2);
    assertThat(attempts.failedCount()).isEqualTo(1);
    assertThat(attempts.firstFailure()).contains("refused");
    admitted.request().connection().close().await();
    http.close().await();
    webSockets.close().await();
  }

  @Test
  @DisplayName("reports a part whose node died as not measured, with the exit code and the end of the node's log, "
      + "and goes on")
  void reportsADeadNode(Vertx vertx, @TempDir Path dir) throws Exception {
    Path log = dir.resolve("node-b.log");
    Process process = new ProcessBuilder("sh", "-c", "echo 'Listening'; echo 'java.lang.OutOfMemoryError: Java heap "
        + "space'; exit 3").redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    Nodes.Child dead = new Nodes.Child(process, Nodes.freePort(), log);
    Report report = new Report();

    Benchmark.measure(report, "P3", "Subscribers on one node", () -> Subscribers.fanout(vertx, dead,
        Subscribers.SSE_OVER_HTTP2, 10, "127.0.0.1", System::nanoTime));
    Benchmark.measure(report, "P4", "Projection rebuild rate", () -> report.target("P4", "Projection rebuild rate",
        "≥ 100k events/s", "120000 events/s", true));

    Path file = dir.resolve("BENCHMARKS.md");
    report.write(file, "- a machine", "- a method");
    assertThat(Files.readString(file))
        .containsPattern("\\| P3 \\| Subscribers on one node \\| .* \\| not measured: .*exited with 3.*"
            + "OutOfMemoryError: Java heap space.* \\| \\*\\*not measured\\*\\* \\|")
        .contains("| P4 | Projection rebuild rate | ≥ 100k events/s | 120000 events/s | met |");
  }

  @Test
  @DisplayName("writes BENCHMARKS.md after each part, so a later crash keeps the figures measured before it")
  void writesAfterEachPart(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("BENCHMARKS.md");
    Report report = new Report();
    report.target("P2", "Command acknowledged → SSE delivery on another node", "p99 ≤ 50 ms", "p99 40 ms", true);

    report.checkpoint(file, "- a machine", "- a method", "P2");

    String afterP2 = Files.readString(file);
    assertThat(afterP2).contains("| P2 | Command acknowledged → SSE delivery on another node | p99 ≤ 50 ms | "
        + "p99 40 ms | met |").contains("after P2").contains("- a machine");
    Benchmark.measure(report, "P3", "Subscribers on one node", () -> {
      throw new IllegalStateException("the harness ran out of something");
    });
    report.checkpoint(file, "- a machine", "- a method", "P3");
    assertThat(Files.readString(file)).contains("p99 40 ms").contains("the harness ran out of something")
        .contains("after P3");
  }
}
