package al.tirana.councilline.feed;

import al.tirana.councilline.platform.live.LiveHub;
import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.support.Await;
import al.tirana.councilline.support.CaughtUp;
import al.tirana.councilline.support.SseClient;
import al.tirana.councilline.support.StartedApp;
import al.tirana.councilline.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@StartedApp
@DisplayName("Live updates")
class LiveFeedTest {

  private static final Duration ONE_SECOND = Duration.ofSeconds(1);

  @StartedApp.Node
  private static TestApp app;
  @StartedApp.Admin
  private static String admin;
  private static Vertx vertx;
  private static String youth;
  private static String finance;
  private static String artaId;
  private static String arta;

  @BeforeAll
  static void directory(Vertx v) {
    vertx = v;
    youth = app.createCommission(admin, "Youth Commission");
    finance = app.createCommission(admin, "Finance Commission");
    artaId = app.createCounselor(admin, "Arta Hoxha", "arta.hoxha@tirana.al", youth);
    arta = app.createUser(admin, "arta", "COUNSELOR", artaId);
  }

  private int port() {
    return app.config().httpPort();
  }

  @Test
  @DisplayName("a submission reaches the tracking stream, the feed, the counselor's inbox and a WebSocket, each within 1 s")
  void submissionReachesEveryStream() throws Exception {
    List<JsonObject> wsMessages = new CopyOnWriteArrayList<>();
    WebSocketClient wsClient = vertx.createWebSocketClient();
    WebSocket ws = wsClient.connect(new WebSocketConnectOptions().setHost("localhost").setPort(port()).setURI("/ws"))
        .await();
    ws.textMessageHandler(text -> wsMessages.add(new JsonObject(text)));
    ws.writeTextMessage(new JsonObject().put("action", "subscribe").put("topic", "feed").encode()).await();
    try (SseClient feed = SseClient.connect(vertx, port(), "/api/feed/stream", null, null);
         SseClient inbox = SseClient.connect(vertx, port(), "/api/inbox/stream", arta, null)) {
      assertThat(feed.status()).isEqualTo(200);
      assertThat(inbox.status()).isEqualTo(200);
      // all three subscriptions are registered once a first change has reached each of them
      String marker = app.submit(TestApp.submission("COMMISSION", youth)).getString("number");
      feed.await(e -> marker.equals(e.data().getString("number")), Await.TIMEOUT);
      inbox.await(e -> marker.equals(e.data().getString("number")), Await.TIMEOUT);
      awaitWs(wsMessages, marker, Await.TIMEOUT);

      Instant submitted = Instant.now();
      String number = app.submit(TestApp.submission("COMMISSION", youth)).getString("number");
      try (SseClient tracking = SseClient.connect(vertx, port(), "/api/requests/" + number + "/stream", null, null)) {
        SseClient.Event tracked = tracking.await(e -> e.type().equals("RequestSubmitted"), ONE_SECOND);
        SseClient.Event fed = feed.await(e -> number.equals(e.data().getString("number")), ONE_SECOND);
        SseClient.Event inboxed = inbox.await(e -> number.equals(e.data().getString("number")), ONE_SECOND);
        JsonObject viaWs = awaitWs(wsMessages, number, ONE_SECOND);

        assertThat(Duration.between(submitted, tracked.receivedAt())).isLessThan(ONE_SECOND);
        assertThat(Duration.between(submitted, fed.receivedAt())).isLessThan(ONE_SECOND);
        assertThat(Duration.between(submitted, inboxed.receivedAt())).isLessThan(ONE_SECOND);
        assertThat(fed.data().getString("text")).isEqualTo("New urgent request on youth to the Youth Commission");
        assertThat(tracked.data().getString("summary")).isEqualTo("Submitted to the Youth Commission (web)");
        assertThat(viaWs.getString("topic")).isEqualTo("feed");
        assertThat(viaWs.getLong("id")).isEqualTo(fed.id());
        assertThat(feed.events().toString()).doesNotContain("Elira").doesNotContain("elira.kolaj");

        JsonObject feedPage = app.get("/api/feed?after=" + (fed.id() - 1) + "&limit=1", null).bodyAsJsonObject();
        assertThat(feedPage.getJsonArray("items").getJsonObject(0).getString("text"))
            .isEqualTo(fed.data().getString("text"));
      }
    } finally {
      ws.close().await();
      wsClient.close().await();
    }
  }

  private static JsonObject awaitWs(List<JsonObject> messages, String number, Duration timeout) throws Exception {
    return Await.value("a WebSocket message about " + number, timeout, () -> messages.stream()
        .filter(m -> m.getJsonObject("data") != null && number.equals(m.getJsonObject("data").getString("number")))
        .findFirst());
  }

  @Test
  @DisplayName("a counselor's inbox holds only their own and their commissions' requests, only those can be marked "
      + "read, and anonymous streams are refused")
  void inboxAuthorization() throws Exception {
    String other = app.createCounselor(admin, "Gent Dervishi", "gent.dervishi@tirana.al", finance);
    try (SseClient anonymous = SseClient.connect(vertx, port(), "/api/inbox/stream", null, null)) {
      assertThat(anonymous.status()).isEqualTo(401);
    }
    try (SseClient inbox = SseClient.connect(vertx, port(), "/api/inbox/stream", arta, null)) {
      String marker = app.submit(TestApp.submission("COUNSELOR", artaId)).getString("number");
      inbox.await(e -> marker.equals(e.data().getString("number")), Await.TIMEOUT); // the stream is registered
      String toFinance = app.submit(TestApp.submission("COMMISSION", finance)).getString("number");
      String toOther = app.submit(TestApp.submission("COUNSELOR", other)).getString("number");
      String toArta = app.submit(TestApp.submission("COUNSELOR", artaId)).getString("number");
      String toYouth = app.submit(TestApp.submission("COMMISSION", youth)).getString("number");
      inbox.await(e -> toYouth.equals(e.data().getString("number")), Duration.ofSeconds(2));
      inbox.await(e -> toArta.equals(e.data().getString("number")), Duration.ofSeconds(2));
      // the stream delivers in the change log's order: with the last submission here, the earlier ones were decided
      assertThat(inbox.events()).extracting(e -> e.data().getString("number"))
          .doesNotContain(toFinance, toOther);

      List<String> listed = app.get("/api/inbox", arta).bodyAsJsonObject().getJsonArray("items").stream()
          .map(o -> ((JsonObject) o).getString("number")).toList();
      assertThat(listed).contains(toArta, toYouth).doesNotContain(toFinance, toOther);
      JsonObject item = inboxItem(arta, toArta);
      assertThat(item.getString("sla")).isEqualTo("ON_TRACK");
      assertThat(item.getBoolean("unread")).isTrue();
      assertThat(app.post("/api/inbox/" + toArta + "/read", arta, null).statusCode()).isEqualTo(204);
      assertThat(inboxItem(arta, toArta).getBoolean("unread")).isFalse();
      String nobodys = toArta.substring(0, toArta.lastIndexOf('-') + 1) + "999999";
      for (String notHers : List.of(toOther, toFinance, nobodys)) {
        HttpResponse<Buffer> refused = app.post("/api/inbox/" + notHers + "/read", arta, null);
        assertThat(refused.statusCode()).as("marking " + notHers + ", not in her inbox").isEqualTo(404);
        assertThat(refused.bodyAsJsonObject().getString("error")).isEqualTo("NOT_FOUND");
      }
      assertThat(app.count("SELECT count(*) FROM inbox_read WHERE counselor_id = ? AND number <> ?", artaId, toArta))
          .as("no marks on anything but her own item").isZero();

      assertThat(app.get("/api/inbox?limit=1", arta).bodyAsJsonObject().getJsonArray("items")).hasSize(1);
      assertThat(app.get("/api/inbox?limit=501", arta).statusCode()).isEqualTo(400);
      List<String> staffView = app.get("/api/inbox?commissionId=" + finance, admin).bodyAsJsonObject()
          .getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("number")).toList();
      assertThat(staffView).contains(toFinance).doesNotContain(toArta);
    }
    assertThat(app.get("/api/inbox", null).statusCode()).isEqualTo(401);
  }

  private static JsonObject inboxItem(String token, String number) {
    return app.get("/api/inbox", token).bodyAsJsonObject().getJsonArray("items").stream()
        .map(JsonObject.class::cast).filter(o -> o.getString("number").equals(number)).findFirst().orElseThrow();
  }

  @Test
  @DisplayName("after a disconnect, reconnecting with Last-Event-ID delivers exactly the 10 missed changes, in order")
  void resumeAfterDisconnect() throws Exception {
    long lastSeen;
    // from the current head, so the first change reaches it however late the subscription registers
    long head = app.count("SELECT coalesce(max(position), 0) FROM feed_item");
    try (SseClient feed = SseClient.connect(vertx, port(), "/api/feed/stream", null, head)) {
      String first = app.submit(TestApp.submission("COMMISSION", youth)).getString("number");
      lastSeen = feed.await(e -> first.equals(e.data().getString("number")), ONE_SECOND).id();
    }
    List<String> missed = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      missed.add(app.submit(TestApp.submission("COMMISSION", youth)).getString("number"));
    }
    CaughtUp.all(app);
    JsonObject newest = app.get("/api/feed?latest=3", null).bodyAsJsonObject();
    assertThat(newest.getJsonArray("items")).extracting(item -> ((JsonObject) item).getString("number"))
        .containsExactlyElementsOf(missed.subList(7, 10));
    assertThat(newest.getLong("last")).isEqualTo(newest.getJsonArray("items").getJsonObject(2).getLong("position"));
    try (SseClient resumed = SseClient.connect(vertx, port(), "/api/feed/stream", null, lastSeen)) {
      resumed.await(e -> missed.get(9).equals(e.data().getString("number")), Duration.ofSeconds(2));
      // a later change arriving is the signal that anything extra or duplicated before it would have arrived too
      String later = app.submit(TestApp.submission("COMMISSION", youth)).getString("number");
      resumed.await(e -> later.equals(e.data().getString("number")), Await.TIMEOUT);
      List<String> numbers = new ArrayList<>(missed);
      numbers.add(later);
      assertThat(resumed.events()).extracting(e -> e.data().getString("number")).containsExactlyElementsOf(numbers);
      assertThat(resumed.events()).extracting(SseClient.Event::id).isSorted().doesNotHaveDuplicates()
          .allMatch(id -> id > lastSeen);
    }

    String number = missed.get(0);
    long trackedUntil;
    try (SseClient tracking = SseClient.connect(vertx, port(), "/api/requests/" + number + "/stream", null, null)) {
      trackedUntil = tracking.await(e -> e.type().equals("RequestSubmitted"), ONE_SECOND).id();
    }
    app.post("/api/requests/" + number + "/acknowledge", admin, null);
    app.post("/api/requests/" + number + "/assign", admin, new JsonObject().put("counselorId", artaId));
    app.post("/api/requests/" + number + "/respond", admin, new JsonObject().put("message", "Done"));
    try (SseClient tracking = SseClient.connect(vertx, port(),
        "/api/requests/" + number + "/stream?since=" + trackedUntil, null, null)) {
      tracking.await(e -> e.type().equals("RequestResponded"), Duration.ofSeconds(2));
      // a later change on the same request is the signal that any extra or duplicated one would have arrived
      app.post("/api/requests/" + number + "/resolve", admin, null);
      tracking.await(e -> e.type().equals("RequestResolved"), Await.TIMEOUT);
      assertThat(tracking.events()).extracting(SseClient.Event::type)
          .containsExactly("RequestAcknowledged", "RequestAssigned", "RequestResponded", "RequestResolved");
    }
  }

  @Test
  @DisplayName("over HTTP/2, 150 feed streams share two connections, each gets the item, and a reset stream is released")
  void http2StreamsShareAConnection() throws Exception {
    LiveHub hub = app.app().hub();
    int before = settledSubscribers(hub);
    HttpClient http2 = http2Client(2);
    try {
      List<SseClient> streams = feedStreams(http2, 150);
      assertThat(streams).allSatisfy(stream -> {
        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.response().version()).isEqualTo(HttpVersion.HTTP_2);
      });
      assertThat(streams.stream().map(stream -> stream.response().request().connection()).distinct())
          .as("connections carrying the streams").hasSizeLessThanOrEqualTo(2);
      awaitSubscribers(hub, before + 150);

      String number = app.submit(TestApp.submission("COMMISSION", youth)).getString("number");
      for (SseClient stream : streams) {
        stream.await(e -> number.equals(e.data().getString("number")), ONE_SECOND);
      }

      streams.remove(0).close();
      awaitSubscribers(hub, before + 149);
      String next = app.submit(TestApp.submission("COMMISSION", youth)).getString("number");
      for (SseClient stream : streams) {
        stream.await(e -> next.equals(e.data().getString("number")), ONE_SECOND);
      }
    } finally {
      http2.close().await();
    }
    awaitSubscribers(hub, before);
  }

  @Test
  @DisplayName("300 clients connecting at once without a position each get the next change, and none made before")
  void clientsWithoutAPositionFollowFromNow() throws Exception {
    LiveHub hub = app.app().hub();
    int settled = settledSubscribers(hub);
    HttpClient http2 = http2Client(3);
    try (SseClient witness = SseClient.connect(vertx, port(), "/api/feed/stream", null, null)) {
      awaitSubscribers(hub, settled + 1);
      String earlier = app.submit(TestApp.submission("COMMISSION", youth)).getString("number");
      long earlierId = witness.await(e -> earlier.equals(e.data().getString("number")), ONE_SECOND).id();

      List<SseClient> streams = feedStreams(http2, 300);
      awaitSubscribers(hub, settled + 301);
      String next = app.submit(TestApp.submission("COMMISSION", youth)).getString("number");
      long nextId = witness.await(e -> next.equals(e.data().getString("number")), ONE_SECOND).id();
      for (SseClient stream : streams) {
        assertThat(stream.await(e -> next.equals(e.data().getString("number")), ONE_SECOND).id()).isEqualTo(nextId);
        assertThat(stream.events()).allSatisfy(e -> assertThat(e.id()).isGreaterThan(earlierId));
      }
    } finally {
      http2.close().await();
    }
    awaitSubscribers(hub, settled);
  }

  @Test
  @DisplayName("subscribers on several connections and event loops, following from now or resuming from a position, "
      + "each get every change once, in order, the same as the others")
  void everySubscriberGetsEveryChangeOnceInOrder() throws Exception {
    LiveHub hub = app.app().hub();
    int settled = settledSubscribers(hub);
    List<HttpClient> clients = new ArrayList<>();
    List<SseClient> streams = new ArrayList<>();
    try {
      // the node's HTTP verticles take connections in turn, so four connections land on more than one event loop
      for (int c = 0; c < 4; c++) {
        HttpClient http2 = http2Client(1);
        clients.add(http2);
        streams.addAll(feedStreams(http2, 10));
      }
      assertThat(streams.stream().map(stream -> stream.response().request().connection()).distinct())
          .as("connections carrying the streams").hasSize(4);
      awaitSubscribers(hub, settled + 40);
      String marker = app.submit(TestApp.submission("COMMISSION", youth)).getString("number");
      long markerId = streams.get(0).await(e -> marker.equals(e.data().getString("number")), Await.TIMEOUT).id();
      for (int i = 0; i < 2; i++) {
        streams.add(SseClient.connect(vertx, port(), "/api/feed/stream", null, markerId));
      }
      awaitSubscribers(hub, settled + 42);

      List<String> numbers = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        numbers.add(app.submit(TestApp.submission("COMMISSION", youth)).getString("number"));
      }
      String last = numbers.get(numbers.size() - 1);
      long lastId = streams.get(0).await(e -> last.equals(e.data().getString("number")), Await.TIMEOUT).id();
      List<Long> expected = null;
      for (SseClient stream : streams) {
        stream.await(e -> e.id() == lastId, Await.TIMEOUT);
        List<SseClient.Event> received = stream.events().stream()
            .filter(e -> e.id() > markerId && e.id() <= lastId).toList();
        List<Long> ids = received.stream().map(SseClient.Event::id).toList();
        assertThat(ids).isSorted().doesNotHaveDuplicates();
        assertThat(received.stream().filter(e -> e.type().equals("RequestSubmitted"))
            .map(e -> e.data().getString("number"))).containsExactlyElementsOf(numbers);
        if (expected == null) {
          expected = ids;
        }
        assertThat(ids).as("the changes one subscriber got, the same as the first one's").isEqualTo(expected);
      }
    } finally {
      for (HttpClient client : clients) {
        client.close().await();
      }
      for (int i = 40; i < streams.size(); i++) {
        streams.get(i).close(); // the HTTP/1.1 ones, each with a client of its own
      }
    }
    awaitSubscribers(hub, settled);
  }

  /** A client that speaks HTTP/2 in cleartext from the first byte, on at most {@code connections} connections. */
  private HttpClient http2Client(int connections) {
    return vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
        .setHttp2ClearTextUpgrade(false), new PoolOptions().setHttp2MaxSize(connections));
  }

  private List<SseClient> feedStreams(HttpClient shared, int count) {
    List<SseClient> streams = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      streams.add(SseClient.on(shared, port(), "/api/feed/stream"));
    }
    return streams;
  }

  /** Every test closes its streams, so once those closed by earlier tests have left, the hub has none. */
  private static int settledSubscribers(LiveHub hub) throws Exception {
    awaitSubscribers(hub, 0);
    return 0;
  }

  private static void awaitSubscribers(LiveHub hub, int expected) throws Exception {
    Await.until("the hub has " + expected + " subscribers (has " + hub.subscriberCount() + ")",
        () -> hub.subscriberCount() == expected);
  }

  @Test
  @DisplayName("closed connections are released by the hub")
  void closedConnectionsAreReleased() throws Exception {
    LiveHub hub = app.app().hub();
    int before = settledSubscribers(hub);
    List<SseClient> clients = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      clients.add(SseClient.connect(vertx, port(), "/api/feed/stream", null, null));
    }
    awaitSubscribers(hub, before + 5);
    clients.forEach(SseClient::close);
    awaitSubscribers(hub, before);
  }

  @Test
  @DisplayName("a change made on node A reaches a subscriber on node B sharing the database")
  void crossNode() throws Exception {
    try (TestApp nodeB = TestApp.onDatabase(vertx, app.databaseUrl());
         SseClient feedOnB = SseClient.connect(vertx, nodeB.config().httpPort(), "/api/feed/stream", null, null)) {
      String marker = app.submit(TestApp.submission("COMMISSION", youth)).getString("number");
      feedOnB.await(e -> marker.equals(e.data().getString("number")), Await.TIMEOUT); // B's stream is registered
      Instant submitted = Instant.now();
      String number = app.submit(TestApp.submission("COMMISSION", youth)).getString("number");
      SseClient.Event onB = feedOnB.await(e -> number.equals(e.data().getString("number")), ONE_SECOND);
      assertThat(Duration.between(submitted, onB.receivedAt())).isLessThan(ONE_SECOND);
    }
  }
}
