package al.tirana.councilline.webhook;

import static al.tirana.councilline.support.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.support.StartedApp;
import al.tirana.councilline.support.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The deadline of a webhook delivery")
class WebhookDeadlineTest {

  /** An attempt a receiver got: its webhook-id, when it came, and when the sender closed its connection (0 if not). */
  record Attempt(String deliveryId, long receivedNanos, long[] closedNanos) {
  }

  @Test
  @DisplayName("ends an attempt whose receiver never answers at the deadline and frees its place for the retry long "
      + "before the lease would; a receiver that answered 200 but trickles its body has the delivery, sent once")
  void attemptsEndAtTheDeadline(
      @StartedApp.Fresh(settings = {"WEBHOOK_DELIVERY_DEADLINE_SECONDS=2", "WEBHOOK_RETRY_SECONDS=1",
          "WEBHOOK_MAX_IN_FLIGHT_PER_SUBSCRIBER=1"}) TestApp app,
      @StartedApp.Admin String admin, @StartedApp.Commission("Komisioni i Sportit") String commission)
      throws Exception {
    Queue<Attempt> silent = new ConcurrentLinkedQueue<>();
    Queue<Attempt> trickled = new ConcurrentLinkedQueue<>();
    HttpServer receiver = app.vertx().createHttpServer().requestHandler(req -> {
      Attempt attempt = new Attempt(req.getHeader("webhook-id"), System.nanoTime(), new long[1]);
      if (req.path().equals("/silent")) {
        // reads the request and never answers, well within any idle timeout of the sender's
        silent.add(attempt);
        req.response().closeHandler(v -> attempt.closedNanos()[0] = System.nanoTime());
        return;
      }
      // a 200 whose chunked body never ends: a byte every 300 ms
      trickled.add(attempt);
      req.response().setStatusCode(200).setChunked(true).write("x");
      long timer = app.vertx().setPeriodic(300, t -> req.response().write("x"));
      req.response().closeHandler(v -> {
        app.vertx().cancelTimer(timer);
        attempt.closedNanos()[0] = System.nanoTime();
      });
    }).listen(0, "127.0.0.1").await();
    try {
      String silentId = register(app, admin, receiver, "/silent");
      String trickledId = register(app, admin, receiver, "/trickle");
      app.submit(TestApp.submission("COMMISSION", commission));

      // the only place the silent subscriber has is free again: the same delivery is tried again after its
      // back-off, where a delivery holding it until the lease (a minute past the deadline) expired would not be
      eventually(() -> silent.size() >= 2);
      List<Attempt> seen = List.copyOf(silent);
      assertThat(seen.get(1).deliveryId()).isEqualTo(seen.get(0).deliveryId());
      assertClosedAtTheDeadline(seen.get(0));
      assertThat(delivery(app, admin, silentId).getInteger("attempts")).isGreaterThanOrEqualTo(2);
      eventually(() -> delivery(app, admin, silentId).getString("lastError", "")
          .contains("no complete answer within the delivery's deadline of 2000 ms"));

      // the status came before the deadline: the delivery is sent, its connection closed at the deadline
      eventually(() -> "SENT".equals(delivery(app, admin, trickledId).getString("status")));
      assertThat(delivery(app, admin, trickledId).getInteger("attempts")).isEqualTo(1);
      assertThat(trickled).hasSize(1);
      assertClosedAtTheDeadline(trickled.peek());
    } finally {
      receiver.close().await();
    }
  }

  private static void assertClosedAtTheDeadline(Attempt attempt) throws Exception {
    // the receiver learns of the reset a moment after the sender has recorded the outcome
    eventually(() -> attempt.closedNanos()[0] != 0);
    long closed = attempt.closedNanos()[0];
    assertThat(TimeUnit.NANOSECONDS.toMillis(closed - attempt.receivedNanos()))
        .as("its length, with a deadline of 2 s").isBetween(1_000L, 8_000L);
  }

  private static String register(TestApp app, String admin, HttpServer receiver, String path) {
    HttpResponse<Buffer> created = app.post("/api/admin/webhooks", admin, new JsonObject()
        .put("url", "http://127.0.0.1:" + receiver.actualPort() + path)
        .put("eventTypes", new JsonArray().add("RequestSubmitted")));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject().getString("id");
  }

  /** The subscriber's only delivery. */
  private static JsonObject delivery(TestApp app, String admin, String subscriber) {
    return app.get("/api/admin/webhooks/" + subscriber + "/deliveries", admin).bodyAsJsonObject()
        .getJsonArray("items").getJsonObject(0);
  }
}
