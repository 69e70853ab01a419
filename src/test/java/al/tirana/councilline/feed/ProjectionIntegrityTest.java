package al.tirana.councilline.feed;

import static al.tirana.councilline.support.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.platform.json.Json;
import al.tirana.councilline.platform.axon.tuning.KnownHandlers;
import al.tirana.councilline.shared.Actor;
import al.tirana.councilline.shared.Addressee;
import al.tirana.councilline.shared.Category;
import al.tirana.councilline.shared.Channel;
import al.tirana.councilline.request.Kind;
import al.tirana.councilline.shared.Priority;
import al.tirana.councilline.request.RequestEvent.RequestSubmitted;
import al.tirana.councilline.request.SealedPersonalData;
import al.tirana.councilline.support.TableRows;
import al.tirana.councilline.support.CaughtUp;
import al.tirana.councilline.support.StartedApp;
import al.tirana.councilline.support.StoredEvents;
import al.tirana.councilline.support.TestApp;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.eventhandling.AbstractEventProcessor;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@StartedApp
@DisplayName("Streaming projections")
class ProjectionIntegrityTest {

  private static final List<String> TABLES = List.of(
      "tracking_item ORDER BY position", "inbox_item ORDER BY number", "inbox_change ORDER BY position",
      "feed_item ORDER BY position", "feed_request ORDER BY number", "accountability_request ORDER BY number",
      "accountability_entry ORDER BY position", "stats_request ORDER BY number", "success_story ORDER BY number");

  private static final List<String> PROJECTIONS = List.of("tracking", "inbox", "feed", "accountability", "stats");

  @StartedApp.Node
  private static TestApp app;
  @StartedApp.Admin
  private static String admin;
  @StartedApp.Commission("Youth Commission")
  private static String youth;

  @Test
  @DisplayName("each run on a single-threaded tracking processor, and every processor remembers which events it handles")
  void processorsAsConfigured() {
    Map<String, EventProcessor> processors = app.app().axon().eventProcessingConfiguration().eventProcessors();
    assertThat(processors).containsKeys(app.app().projections().names().toArray(String[]::new))
        .containsKeys("directory", "request-view", "accounts");
    processors.forEach((name, processor) -> assertThat(((AbstractEventProcessor) processor).eventHandlerInvoker())
        .as(name).isInstanceOf(KnownHandlers.class));
    for (String name : app.app().projections().names()) {
      TrackingEventProcessor processor = (TrackingEventProcessor) processors.get(name);
      assertThat(processor.maxCapacity()).as(name).isEqualTo(1);
      assertThat(processor.eventHandlerInvoker().supportsReset()).as("%s can be rebuilt", name).isTrue();
    }
  }

  @Test
  @DisplayName("skip no event whose transaction commits after later events did (gap-aware tokens)")
  void delayedCommit() throws Exception {
    String held = "TR-2026-900001";
    try (Connection slow = app.jdbc()) {
      slow.setAutoCommit(false);
      insertSubmitted(slow, held);
      // the held transaction owns a lower global index; later submissions commit past it
      String later = app.submit(TestApp.submission("COMMISSION", youth)).getString("number");
      eventually(() -> app.count("SELECT count(*) FROM feed_item WHERE number = ?", later) == 1);
      assertThat(app.count("SELECT count(*) FROM feed_item WHERE number = ?", held)).isZero();
      slow.commit();
    }
    eventually(() -> app.count("SELECT count(*) FROM feed_item WHERE number = ?", held) == 1
        && app.count("SELECT count(*) FROM tracking_item WHERE number = ?", held) == 1
        && app.count("SELECT count(*) FROM inbox_item WHERE number = ?", held) == 1
        && app.count("SELECT count(*) FROM accountability_request WHERE number = ?", held) == 1);
  }

  @Test
  @DisplayName("retry an event their handler failed on instead of skipping it")
  void failedHandlerIsRetried() throws Exception {
    String number;
    try (Connection c = app.jdbc(); Statement st = c.createStatement()) {
      // the feed projection's table is briefly unusable, as during a failover or a full disk
      st.execute("ALTER TABLE feed_item RENAME TO feed_item_away");
      try {
        number = app.submit(TestApp.submission("COMMISSION", youth)).getString("number");
        eventually(() -> app.count("SELECT count(*) FROM tracking_item WHERE number = ?", number) == 1);
        CaughtUp.awaitFailing(app, FeedProjection.NAME); // its handler has failed on the event, not skipped it yet
      } finally {
        st.execute("ALTER TABLE feed_item_away RENAME TO feed_item");
      }
    }
    eventually(() -> app.count("SELECT count(*) FROM feed_item WHERE number = ?", number) == 1);
  }

  /** Appends an event the way the event store does, in a transaction the caller keeps open. */
  private static void insertSubmitted(Connection connection, String number) throws Exception {
    Instant now = Instant.now();
    RequestSubmitted event = new RequestSubmitted(number, Kind.PROPOSAL, Priority.NORMAL, Category.TRANSPORT,
        Addressee.commission(youth), new SealedPersonalData(UUID.randomUUID().toString(), "c2VhbGVk"),
        "b".repeat(64), "sq", null, now.plus(Duration.ofDays(15)), Actor.citizen("held"), now, Channel.WEB, null);
    StoredEvents.append(connection, "CitizenRequest", number, 0, RequestSubmitted.class, "1",
        Json.mapper().writeValueAsBytes(event), now);
  }

  @Test
  @DisplayName("rebuilt from the event log, reproduce byte-identical rows, while the app keeps serving")
  void rebuildIsIdentical() throws Exception {
    String spam = null;
    String counselor = app.createCounselor(admin, "Arta Hoxha", "arta.hoxha@tirana.al", youth);
    for (int i = 0; i < 5; i++) {
      JsonObject submitted = app.submit(TestApp.submission("COMMISSION", youth));
      String number = submitted.getString("number");
      app.post("/api/requests/" + number + "/assign", admin, new JsonObject().put("counselorId", counselor));
      app.post("/api/requests/" + number + "/notes", admin, new JsonObject().put("text", "note " + i));
      if (i % 2 == 0) {
        app.post("/api/requests/" + number + "/respond", admin, new JsonObject().put("message", "Answer " + i));
      }
      if (i == 1) {
        // every kind of inbox change, so a rebuilt batch meets each of them
        expectOk(app.post("/api/requests/" + number + "/priority", admin, new JsonObject().put("priority", "NORMAL")));
        expectOk(app.post("/api/requests/" + number + "/await-citizen", admin,
            new JsonObject().put("message", "Which street?")));
        expectOk(app.post("/api/requests/" + number + "/resume", admin, new JsonObject()));
        expectOk(app.post("/api/requests/" + number + "/respond", admin, new JsonObject().put("message", "Done")));
        expectOk(app.post("/api/requests/" + number + "/resolve", admin, new JsonObject()));
        expectOk(app.post("/api/requests/" + number + "/reopen", admin, new JsonObject()));
      }
      if (i == 0) {
        // what statistics keep: a rating, a resolution and a success story
        assertThat(app.send(app.client().post("/api/requests/" + number + "/rating")
            .putHeader("X-Access-Code", submitted.getString("accessCode")), null,
            new JsonObject().put("score", 4)).statusCode()).isEqualTo(200);
        expectOk(app.post("/api/requests/" + number + "/resolve", admin, new JsonObject()));
        expectOk(app.post("/api/requests/" + number + "/success-story", admin, new JsonObject()
            .put("title", "A park is cleaned").put("summary", "Cleaned within a week.").put("citizenConsented", true)));
      }
      if (i == 3) {
        expectOk(app.post("/api/requests/" + number + "/spam", admin, new JsonObject().put("reason", "advert")));
        spam = number;
      }
    }
    // a rename after the fact must not change what the rebuilt rows say about the past
    app.put("/api/admin/counselors/" + counselor, admin, new JsonObject().put("fullName", "Arta Hoxha-Leka")
        .put("officialEmail", "arta.hoxha@tirana.al")
        .put("commissions", new io.vertx.core.json.JsonArray().add(youth)));
    long head = app.count("SELECT max(global_index) FROM domain_event_entry");
    eventually(() -> caughtUp(head));
    Map<String, String> before = snapshot();

    for (String projection : PROJECTIONS) {
      assertThat(app.post("/api/admin/projections/" + projection + "/rebuild", admin, null).statusCode())
          .isEqualTo(202);
      assertThat(app.get("/health", null).statusCode()).isEqualTo(200);
    }
    eventually(() -> caughtUp(head) && snapshot().equals(before));
    assertThat(snapshot()).isEqualTo(before);
    assertThat(before.get("feed_item ORDER BY position")).contains("Counselor Arta Hoxha answered")
        .doesNotContain("Hoxha-Leka");
    assertThat(before.get("inbox_item ORDER BY number")).as("a spam mark removes the inbox row")
        .doesNotContain(spam).contains("NORMAL");
    assertThat(before.get("success_story ORDER BY number")).contains("A park is cleaned");
    assertThat(before.get("stats_request ORDER BY number")).contains(",4,f)").contains("the Youth");
  }

  private static void expectOk(io.vertx.ext.web.client.HttpResponse<?> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
  }

  private static boolean caughtUp(long head) {
    return PROJECTIONS.stream()
        .allMatch(name -> app.app().projections().caughtUp(name, head));
  }

  private static Map<String, String> snapshot() throws Exception {
    return TableRows.of(app, TABLES);
  }
}
