package al.tirana.councilline.feed;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.platform.live.LiveHub;
import al.tirana.councilline.support.Await;
import al.tirana.councilline.support.SseClient;
import al.tirana.councilline.support.StartedApp;
import al.tirana.councilline.support.TestApp;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@StartedApp(settings = "LIVE_MAX_SUBSCRIBERS=4")
@DisplayName("A node with 4 places for live subscribers (LIVE_MAX_SUBSCRIBERS=4; one with a connection of its own "
    + "takes two)")
class LiveAdmissionTest {

  @StartedApp.Node
  private static TestApp app;
  @StartedApp.Commission("Youth Commission")
  private static String youth;

  private final List<AutoCloseable> open = new ArrayList<>();
  private Vertx vertx;

  @BeforeEach
  void settled(Vertx v) throws Exception {
    vertx = v;
    awaitPlaces(0);
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
    awaitPlaces(0);
  }

  @Test
  @DisplayName("refuses a 3rd SSE stream over HTTP/1.1 with 503 JSON and Retry-After, keeps serving the 2, and "
      + "admits one again after one leaves")
  void sseBeyondTheLimitIsRefused() throws Exception {
    List<SseClient> streams = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      streams.add(stream());
    }
    assertThat(streams).allSatisfy(s -> assertThat(s.status()).isEqualTo(200));

    assertRefused(app.get("/api/feed/stream", null));
    // the refusal broke nothing: the admitted streams still get the next change, and other requests are served
    String number = app.submit(TestApp.submission("COMMISSION", youth)).getString("number");
    for (SseClient s : streams) {
      s.await(e -> number.equals(e.data().getString("number")), Await.TIMEOUT);
    }
    assertThat(app.get("/api/feed", null).statusCode()).isEqualTo(200);

    streams.get(0).close();
    open.remove(streams.get(0));
    awaitPlaces(2);
    assertThat(stream().status()).isEqualTo(200);
    awaitPlaces(4);
  }

  @Test
  @DisplayName("counts SSE streams multiplexed over one HTTP/2 connection one by one, and refuses the 5th with 503")
  void http2StreamsCountOneByOne() throws Exception {
    HttpClient http2 = http2();
    List<SseClient> streams = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      streams.add(SseClient.on(http2, app.config().httpPort(), "/api/feed/stream"));
    }
    assertThat(streams).allSatisfy(s -> {
      assertThat(s.status()).isEqualTo(200);
      assertThat(s.response().version()).isEqualTo(HttpVersion.HTTP_2);
    });
    SseClient refused = SseClient.on(http2, app.config().httpPort(), "/api/feed/stream");
    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.response().getHeader("Retry-After")).isEqualTo(String.valueOf(LiveHub.RETRY_AFTER_SECONDS));

    streams.get(1).close();
    awaitPlaces(3);
    SseClient again = SseClient.on(http2, app.config().httpPort(), "/api/feed/stream");
    assertThat(again.status()).isEqualTo(200);
  }

  @Test
  @DisplayName("refuses a WebSocket handshake with 503 JSON when its two places are not free, and admits it once "
      + "a subscriber leaves")
  void webSocketBeyondTheLimitIsRefused() throws Exception {
    WebSocketClient client = vertx.createWebSocketClient();
    open.add(() -> client.close().await());
    WebSocket first = socket(client);
    first.writeTextMessage(new JsonObject().put("action", "subscribe").put("topic", "feed").encode()).await();
    SseClient sse = stream();
    awaitPlaces(4);

    assertHandshakeRefused(client);
    assertRefused(app.get("/api/feed/stream", null));

    // one place free is not enough for a WebSocket
    sse.close();
    open.remove(sse);
    awaitPlaces(2);
    SseClient shared = SseClient.on(http2(), app.config().httpPort(), "/api/feed/stream");
    assertThat(shared.status()).isEqualTo(200);
    awaitPlaces(3);
    assertHandshakeRefused(client);
    shared.close();
    first.close().await();
    awaitPlaces(0);
    WebSocket second = socket(client);
    assertThat(second.isClosed()).isFalse();
  }

  private HttpClient http2() {
    HttpClient http2 = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
        .setHttp2ClearTextUpgrade(false), new PoolOptions().setHttp2MaxSize(1));
    open.add(() -> http2.close().await());
    return http2;
  }

  private SseClient stream() {
    SseClient s = SseClient.connect(vertx, app.config().httpPort(), "/api/feed/stream", null, null);
    open.add(s);
    return s;
  }

  private WebSocket socket(WebSocketClient client) {
    return client.connect(new WebSocketConnectOptions().setHost("localhost").setPort(app.config().httpPort())
        .setURI("/ws")).await();
  }

  private void assertHandshakeRefused(WebSocketClient client) throws Exception {
    Future<WebSocket> attempt = client.connect(new WebSocketConnectOptions().setHost("localhost")
        .setPort(app.config().httpPort()).setURI("/ws"));
    Throwable failure = Await.value("the handshake's answer", () -> attempt.isComplete()
        ? Optional.of(attempt.failed() ? attempt.cause() : new AssertionError("the WebSocket was admitted"))
        : Optional.empty());
    assertThat(failure).isInstanceOf(UpgradeRejectedException.class);
    UpgradeRejectedException rejected = (UpgradeRejectedException) failure;
    assertThat(rejected.getStatus()).isEqualTo(503);
    assertThat(rejected.getHeaders().get("Retry-After")).isEqualTo(String.valueOf(LiveHub.RETRY_AFTER_SECONDS));
    assertThat(new JsonObject(rejected.getBody()).getString("error")).isEqualTo("TOO_MANY_SUBSCRIBERS");
  }

  private static void assertRefused(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.getHeader("Retry-After")).isEqualTo(String.valueOf(LiveHub.RETRY_AFTER_SECONDS));
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getString("error")).isEqualTo("TOO_MANY_SUBSCRIBERS");
    assertThat(body.getString("message")).isNotBlank();
    assertThat(body.getJsonObject("details").getInteger("maxSubscribers")).isEqualTo(4);
  }

  private static void awaitPlaces(int expected) throws Exception {
    LiveHub hub = app.app().hub();
    Await.until("the hub has " + expected + " places taken (has " + hub.admittedPlaces() + ")", Duration.ofSeconds(20),
        () -> hub.admittedPlaces() == expected);
  }
}
