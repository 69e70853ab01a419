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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A node as deployed: WEBHOOK_ALLOW_PRIVATE_URLS off (the other tests' receivers listen on localhost). */
@StartedApp(settings = "WEBHOOK_ALLOW_PRIVATE_URLS=false")
@DisplayName("Webhook subscribers in the council's own network")
class WebhookAddressTest {

  @StartedApp.Node
  private static TestApp app;
  @StartedApp.Admin
  private static String admin;
  @StartedApp.Commission("Komisioni i Transportit")
  private static String commission;

  private static HttpServer receiver;
  /** The path of every request the internal receiver got. */
  private static final Queue<String> RECEIVED = new ConcurrentLinkedQueue<>();

  @BeforeAll
  static void listen() {
    receiver = app.vertx().createHttpServer().requestHandler(req -> {
      RECEIVED.add(req.path());
      req.response().setStatusCode(200).end();
    }).listen(0, "127.0.0.1").await();
  }

  @AfterAll
  static void close() {
    receiver.close().await();
  }

  private static String internal(String path) {
    return "http://127.0.0.1:" + receiver.actualPort() + path;
  }

  private static HttpResponse<Buffer> create(String url) {
    return app.post("/api/admin/webhooks", admin, new JsonObject().put("url", url)
        .put("eventTypes", new JsonArray().add("RequestSubmitted")));
  }

  @Test
  @DisplayName("refuses a loopback, metadata, private or shared address with a 422 naming the url, storing nothing")
  void refusedAtCreation() throws Exception {
    long before = app.count("SELECT count(*) FROM webhook_subscription");
    for (String url : List.of(internal("/x"), "http://169.254.169.254/latest/meta-data/",
        "http://localhost:" + receiver.actualPort() + "/x", "http://[::1]:5432/", "https://10.1.2.3/hook",
        "http://100.64.0.1/hook", "http://[fd00::1]/hook")) {
      HttpResponse<Buffer> refused = create(url);
      assertThat(refused.statusCode()).as(url + " -> " + refused.bodyAsString()).isEqualTo(422);
      JsonObject error = refused.bodyAsJsonObject();
      assertThat(error.getString("error")).isEqualTo("VALIDATION_FAILED");
      assertThat(error.getString("message")).as(url).contains("council's own network");
      assertThat(error.getJsonArray("details").getJsonObject(0).getString("field")).isEqualTo("url");
    }
    assertThat(app.count("SELECT count(*) FROM webhook_subscription")).isEqualTo(before);
    // a public address is still accepted (an IP literal: no DNS needed)
    HttpResponse<Buffer> accepted = app.post("/api/admin/webhooks", admin, new JsonObject()
        .put("url", "https://203.0.113.10/hook").put("eventTypes", new JsonArray().add("RequestResolved")));
    assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(201);
  }

  @Test
  @DisplayName("does not send to a subscriber whose host has become internal since it was registered, and says why")
  void refusedAtDelivery() throws Exception {
    // stored directly: as a name registered while public that now resolves inside the network
    UUID id = UUID.randomUUID();
    try (Connection c = app.jdbc(); PreparedStatement ps = c.prepareStatement("INSERT INTO webhook_subscription "
        + "(id, url, event_types, secret) VALUES (?, ?, ARRAY['RequestSubmitted'], 'whsec_c2VjcmV0')")) {
      ps.setObject(1, id);
      ps.setString(2, internal("/now-internal"));
      ps.executeUpdate();
    }
    String number = app.submit(TestApp.submission("COMMISSION", commission)).getString("number");
    String deliveries = "/api/admin/webhooks/" + id + "/deliveries";
    eventually(() -> {
      JsonArray items = app.get(deliveries, admin).bodyAsJsonObject().getJsonArray("items");
      return items.size() == 1 && items.getJsonObject(0).getString("lastError") != null;
    });
    JsonObject delivery = app.get(deliveries, admin).bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
    assertThat(delivery.getString("number")).isEqualTo(number);
    assertThat(delivery.getString("status")).isNotEqualTo("SENT");
    assertThat(delivery.getInteger("attempts")).isGreaterThanOrEqualTo(1);
    assertThat(delivery.getString("lastError")).startsWith("not sent: the host 127.0.0.1")
        .contains("council's own network");
    assertThat(RECEIVED).doesNotContain("/now-internal");
  }
}
