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
  @DisplayName("ends an attempt whose receiver trickles its answer byte by byte at the deadline, and frees its place "
      + "for the retry long before the lease would")
  void trickledAnswerEndsAtTheDeadline(
      @StartedApp.Fresh(settings = {"WEBHOOK_DELIVERY_DEADLINE_SECONDS=2", "WEBHOOK_RETRY_SECONDS=1",
          "WEBHOOK_MAX_IN_FLIGHT_PER_SUBSCRIBER=1"}) TestApp app,
      @StartedApp.Admin String admin, @StartedApp.Commission("Komisioni i Sportit") String commission)
      throws Exception {
    Queue<Attempt> attempts = new ConcurrentLinkedQueue<>();
    // a 200 whose chunked body never ends: a byte every 300 ms, well within any idle timeout
    HttpServer receiver = app.vertx().createHttpServer().requestHandler(req -> {
      Attempt attempt = new Attempt(req.getHeader("webhook-id"), System.nanoTime(), new long[1]);
      attempts.add(attempt);
      req.response().setStatusCode(200).setChunked(true).write("x");
      long timer = app.vertx().setPeriodic(300, t -> req.response().write("x"));
      req.response().closeHandler(v -> {
        app.vertx().cancelTimer(timer);
        attempt.closedNanos()[0] = System.nanoTime();
      });
    }).listen(0, "127.0.0.1").await();
    try {
      HttpResponse<Buffer> created = app.post("/api/admin/webhooks", admin, new JsonObject()
          .put("url", "http://127.0.0.1:" + receiver.actualPort() + "/trickle")
          .put("eventTypes", new JsonArray().add("RequestSubmitted")));
      assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
      app.submit(TestApp.submission("COMMISSION", commission));

      // the only place this subscriber has is free again: the same delivery is tried again after its back-off,
      // where a delivery holding it until the lease (a minute past the deadline) expired would not be
      eventually(() -> attempts.size() >= 2);
      List<Attempt> seen = List.copyOf(attempts);
      assertThat(seen.get(1).deliveryId()).isEqualTo(seen.get(0).deliveryId());
      long firstClosed = seen.get(0).closedNanos()[0];
      assertThat(firstClosed).as("the first attempt's connection was closed by the sender").isNotZero();
      assertThat(TimeUnit.NANOSECONDS.toMillis(firstClosed - seen.get(0).receivedNanos()))
          .as("its length, the receiver never having been silent").isBetween(1_000L, 8_000L);
      JsonObject delivery = app.get("/api/admin/webhooks/" + created.bodyAsJsonObject().getString("id")
          + "/deliveries", admin).bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
      assertThat(delivery.getInteger("attempts")).isGreaterThanOrEqualTo(2);
      eventually(() -> app.get("/api/admin/webhooks/" + created.bodyAsJsonObject().getString("id")
              + "/deliveries", admin).bodyAsJsonObject().getJsonArray("items").getJsonObject(0)
          .getString("lastError", "").contains("no complete answer within the delivery's deadline of 2000 ms"));
    } finally {
      receiver.close().await();
    }
  }
}
