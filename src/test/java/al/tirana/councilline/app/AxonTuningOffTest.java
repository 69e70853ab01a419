package al.tirana.councilline.app;

import static al.tirana.councilline.support.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.platform.axon.tuning.GroupCommitCommandBus;
import al.tirana.councilline.platform.axon.tuning.KnownHandlers;
import al.tirana.councilline.support.SseClient;
import al.tirana.councilline.support.StartedApp;
import al.tirana.councilline.support.TableRows;
import al.tirana.councilline.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.AsynchronousCommandBus;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.eventhandling.AbstractEventProcessor;
import org.axonframework.eventhandling.EventProcessor;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * AXON_TUNING=off: the same behaviour on Axon's own command bus and plain processors, so that a suspected tuning
 * bug or an Axon upgrade can be checked against the framework's defaults.
 */
@StartedApp(settings = "AXON_TUNING=off")
@DisplayName("With AXON_TUNING=off")
class AxonTuningOffTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final List<String> TABLES = List.of("tracking_item ORDER BY position", "inbox_item ORDER BY number",
      "feed_item ORDER BY position", "accountability_entry ORDER BY position", "stats_request ORDER BY number");

  @StartedApp.Node private static TestApp app;
  @StartedApp.Admin private static String admin;
  @StartedApp.Commission("Youth Commission") private static String commission;
  @StartedApp.Counselor(value = "Arta Hoxha", email = "arta.hoxha@tirana.al") private static String counselor;

  @Test
  @DisplayName("commands run on Axon's asynchronous command bus and every processor on Axon's own invoker")
  void axonDefaults() {
    CommandBus bus = app.app().axon().commandBus();
    assertThat(bus).isInstanceOf(AsynchronousCommandBus.class).isNotInstanceOf(GroupCommitCommandBus.class);
    Map<String, EventProcessor> processors = app.app().axon().eventProcessingConfiguration().eventProcessors();
    assertThat(processors).containsKeys(app.app().projections().names().toArray(String[]::new));
    processors.forEach((name, processor) -> assertThat(((AbstractEventProcessor) processor).eventHandlerInvoker())
        .as(name).isNotInstanceOf(KnownHandlers.class));
  }

  @Test
  @DisplayName("a request goes through its lifecycle, and its tracking stream and the public feed follow it live")
  void lifecycleAndFeeds(Vertx vertx) throws Exception {
    try (SseClient feed = SseClient.connect(vertx, app.config().httpPort(), "/api/feed/stream", null, null)) {
      assertThat(feed.status()).isEqualTo(200);
      JsonObject submitted = app.submit(TestApp.submission("COMMISSION", commission));
      String number = submitted.getString("number");
      assertThat(submitted.getString("status")).isEqualTo("SUBMITTED");
      try (SseClient tracking = SseClient.connect(vertx, app.config().httpPort(),
          "/api/requests/" + number + "/stream", null, null)) {
        assertThat(tracking.await(e -> e.type().equals("RequestSubmitted"), WAIT)).isNotNull();
        assertThat(feed.await(e -> number.equals(e.data().getString("number")), WAIT)).isNotNull();

        assertThat(act(number, "acknowledge", new JsonObject()).getString("status")).isEqualTo("ACKNOWLEDGED");
        assertThat(act(number, "assign", new JsonObject().put("counselorId", counselor)).getString("status"))
            .isEqualTo("ASSIGNED");
        assertThat(act(number, "respond", new JsonObject().put("message", "The centre reopens in January."))
            .getString("status")).isEqualTo("RESPONDED");
        assertThat(act(number, "resolve", new JsonObject()).getString("status")).isEqualTo("RESOLVED");
        assertThat(act(number, "close", new JsonObject()).getString("status")).isEqualTo("CLOSED");

        assertThat(tracking.await(e -> e.type().equals("RequestClosed"), WAIT)).isNotNull();
        assertThat(feed.await(e -> number.equals(e.data().getString("number"))
            && "RequestResolved".equals(e.type()), WAIT)).isNotNull();
      }
      // a broken rule is refused as with tuning on: 409, nothing stored
      long events = app.eventCount();
      HttpResponse<?> again = app.post("/api/requests/" + number + "/close", admin, new JsonObject());
      assertThat(again.statusCode()).isEqualTo(409);
      assertThat(app.eventCount()).isEqualTo(events);
    }
  }

  @Test
  @DisplayName("the streaming projections rebuild to the same rows")
  void rebuild() throws Exception {
    for (int i = 0; i < 3; i++) {
      String number = app.submit(TestApp.submission("COMMISSION", commission)).getString("number");
      act(number, "assign", new JsonObject().put("counselorId", counselor));
      act(number, "respond", new JsonObject().put("message", "Answer " + i));
    }
    long head = app.count("SELECT max(global_index) FROM domain_event_entry");
    eventually(() -> caughtUp(head));
    Map<String, String> before = snapshot();
    assertThat(before.get("tracking_item ORDER BY position")).contains("RequestResponded");

    for (String projection : app.app().projections().names()) {
      assertThat(app.post("/api/admin/projections/" + projection + "/rebuild", admin, null).statusCode())
          .as(projection).isEqualTo(202);
    }
    eventually(() -> caughtUp(head) && snapshot().equals(before));
    assertThat(snapshot()).isEqualTo(before);
  }

  private static JsonObject act(String number, String action, JsonObject body) {
    HttpResponse<?> response = app.post("/api/requests/" + number + "/" + action, admin, body);
    assertThat(response.statusCode()).as(action + ": " + response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  private static boolean caughtUp(long head) {
    return app.app().projections().names().stream()
        .allMatch(name -> app.app().projections().caughtUp(name, head));
  }

  private static Map<String, String> snapshot() throws Exception {
    return TableRows.of(app, TABLES);
  }
}
