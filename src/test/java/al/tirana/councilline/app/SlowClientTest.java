package al.tirana.councilline.app;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.support.Await;
import al.tirana.councilline.support.SseClient;
import al.tirana.councilline.support.StartedApp;
import al.tirana.councilline.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Clients that open connections and never finish a request must not keep them, nor the node's open files. */
@StartedApp(settings = {"HTTP_REQUEST_TIMEOUT_SECONDS=" + SlowClientTest.TIMEOUT_SECONDS,
    "HTTP_IDLE_TIMEOUT_SECONDS=" + SlowClientTest.IDLE_SECONDS})
@DisplayName("Slow clients")
class SlowClientTest {

  static final int TIMEOUT_SECONDS = 2;
  static final int IDLE_SECONDS = 20;
  @StartedApp.Node
  private static TestApp app;

  /** Reads until the server closes the connection; completes with the seconds that took from {@code since}. */
  private static CompletableFuture<Double> closedBy(Socket socket, long since) {
    return CompletableFuture.supplyAsync(() -> {
      try (InputStream in = socket.getInputStream()) {
        while (in.read() >= 0) {
          // whatever the server says before it closes (nothing for a half-sent request) is not the point
        }
      } catch (IOException reset) {
        // a reset is a close too
      }
      return (System.nanoTime() - since) / 1e9;
    });
  }

  private static Socket connect() throws IOException {
    Socket socket = new Socket("localhost", app.config().httpPort());
    socket.setSoTimeout(30_000);
    return socket;
  }

  /** A keep-alive connection that has been answered one request, so that the server knows it as HTTP/1.1. */
  private static Socket served() throws IOException {
    Socket socket = connect();
    socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n"
        .getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    InputStream in = socket.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      assertThat(b).as("the server answers the first request").isNotNegative();
      head.append((char) b);
    }
    assertThat(head.toString()).startsWith("HTTP/1.1 200");
    String length = head.toString().lines().filter(l -> l.toLowerCase().startsWith("content-length:")).findFirst()
        .orElseThrow().substring("content-length:".length()).trim();
    in.readNBytes(Integer.parseInt(length));
    return socket;
  }

  /** Sends part of a request and answers the seconds until the server closed the connection. */
  private static double secondsUntilCut(Socket socket, String partial, int waitSeconds) throws Exception {
    CompletableFuture<Double> closed = closedBy(socket, System.nanoTime());
    socket.getOutputStream().write(partial.getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    return closed.get(waitSeconds, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("a half-sent request line and headers are cut after the request timeout")
  void halfSentHeaders() throws Exception {
    try (Socket socket = served()) {
      assertThat(secondsUntilCut(socket, "GET /api/commissions HTTP/1.1\r\nHost: loc", 20))
          .isLessThan(TIMEOUT_SECONDS + 8.0);
    }
  }

  @Test
  @DisplayName("a connection whose first request never arrives is closed after the idle timeout")
  void silentFirstRequest() throws Exception {
    try (Socket socket = connect()) {
      assertThat(secondsUntilCut(socket, "GET /api/commissions HTTP/1.1\r\nHost: loc", IDLE_SECONDS + 20))
          .isBetween(IDLE_SECONDS - 0.5, IDLE_SECONDS + 10.0);
    }
  }

  @Test
  @DisplayName("headers dribbled a byte at a time are cut after the request timeout, though the client is never idle")
  void dribbledHeaders() throws Exception {
    try (Socket socket = served()) {
      CompletableFuture<Double> closed = closedBy(socket, System.nanoTime());
      OutputStream out = socket.getOutputStream();
      byte[] request = ("GET /api/commissions HTTP/1.1\r\nHost: localhost\r\nX-Slow: "
          + "a".repeat(200)).getBytes(StandardCharsets.US_ASCII);
      try {
        for (int i = 0; i < request.length && !closed.isDone(); i++) {
          out.write(request[i]);
          out.flush();
          Thread.sleep(100); // part of the scenario: a client that dribbles its headers, never idle for long
        }
      } catch (IOException brokenPipe) {
        // the server closed while the client was still writing: what the test waits for below
      }
      double seconds = closed.get(20, TimeUnit.SECONDS);
      assertThat(seconds).isLessThan(TIMEOUT_SECONDS + 8.0);
    }
  }

  @Test
  @DisplayName("a body that never arrives in full is cut after the request timeout, and nothing is stored")
  void unfinishedBody() throws Exception {
    long before = app.eventCount();
    try (Socket socket = connect()) {
      assertThat(secondsUntilCut(socket, "POST /api/requests HTTP/1.1\r\nHost: localhost\r\n"
          + "Content-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"kind\":\"REQ", 20))
          .isBetween(TIMEOUT_SECONDS - 0.5, TIMEOUT_SECONDS + 8.0);
    }
    assertThat(app.eventCount()).isEqualTo(before);
  }

  @Test
  @DisplayName("live streams and WebSockets outlive the request timeout and keep receiving changes")
  void liveStreamsStayOpen(Vertx vertx) throws Exception {
    String commission = app.createCommission(app.adminToken(), "Youth Commission");
    List<JsonObject> wsMessages = new CopyOnWriteArrayList<>();
    WebSocketClient wsClient = vertx.createWebSocketClient();
    WebSocket ws = wsClient.connect(new WebSocketConnectOptions().setHost("localhost")
        .setPort(app.config().httpPort()).setURI("/ws")).await();
    ws.textMessageHandler(text -> wsMessages.add(new JsonObject(text)));
    ws.writeTextMessage(new JsonObject().put("action", "subscribe").put("topic", "feed").encode()).await();
    try (SseClient feed = SseClient.connect(vertx, app.config().httpPort(), "/api/feed/stream", null, null)) {
      assertThat(feed.status()).isEqualTo(200);
      // a half-sent request opened after both streams: once it is cut, their own deadlines have passed too
      try (Socket socket = served()) {
        secondsUntilCut(socket, "GET / HTTP/1.1\r\n", 20);
      }
      String number = app.submit(TestApp.submission("COMMISSION", commission)).getString("number");
      feed.await(e -> number.equals(e.data().getString("number")), Duration.ofSeconds(5));
      Await.until("the WebSocket receives the change", Duration.ofSeconds(5), () -> wsMessages.stream()
          .anyMatch(m -> m.getJsonObject("data") != null && number.equals(m.getJsonObject("data").getString("number"))));
    } finally {
      ws.close().await();
      wsClient.close().await();
    }
  }
}
