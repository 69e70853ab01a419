package al.tirana.councilline.ops;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.stats.StatsProjection;
import al.tirana.councilline.support.Await;
import al.tirana.councilline.support.Eventually;
import al.tirana.councilline.support.StartedApp;
import al.tirana.councilline.support.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.hawkular.agent.prometheus.types.MetricType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@StartedApp(settings = "METRICS_TOKEN=" + MetricsTest.TOKEN, metrics = true)
@DisplayName("The Prometheus metrics")
class MetricsTest {

  static final String TOKEN = "scraper-secret-token";
  private static final Pattern TRACKING_NUMBER = Pattern.compile("TR-\\d{4}-\\d+");
  @StartedApp.Node private static TestApp app;
  @StartedApp.Commission("Youth Commission") private static String commission;

  @Test
  @DisplayName("parse as Prometheus text; 10 submissions raise the submission count by 10; HTTP requests are labelled "
      + "by route template, JVM, pool, SLA, outbox and database meters are there; no label holds a number or "
      + "personal data")
  void exposition() throws Exception {
    Scrape before = scrape();
    double submitted = Math.max(0, before.value("councilline_commands_seconds",
        Map.of("command", "SubmitRequest", "outcome", "ok")));
    String number = null;
    for (int i = 0; i < 10; i++) {
      number = app.submit(TestApp.submission("COMMISSION", commission)).getString("number");
    }
    assertThat(app.get("/api/requests/" + number, null).statusCode()).isEqualTo(200);
    // a response is counted once its last bytes are written, which can be after the client has read them
    String text = Await.value("the ten submissions' responses and the read are counted", () -> {
      String scraped = app.get("/metrics", TOKEN).bodyAsString();
      Scrape counted = Scrape.parse(scraped);
      return counted.value("vertx_http_server_response_time_seconds", Map.of("route", "/api/requests",
          "method", "POST", "code", "201")) >= 10 && counted.value("vertx_http_server_requests_total",
          Map.of("route", "/api/requests/:number", "method", "GET", "code", "200")) >= 1
          ? Optional.of(scraped) : Optional.empty();
    });
    // kept for whoever writes a dashboard or an alert: the names and labels as a node exposes them
    java.nio.file.Files.createDirectories(java.nio.file.Path.of("target"));
    java.nio.file.Files.writeString(java.nio.file.Path.of("target", "metrics-sample.txt"), text);
    Scrape after = Scrape.parse(text);

    assertThat(after.value("councilline_commands_seconds", Map.of("command", "SubmitRequest", "outcome", "ok")))
        .isEqualTo(submitted + 10);
    assertThat(after.families().get("councilline_commands_seconds").getType()).isEqualTo(MetricType.HISTOGRAM);
    assertThat(after.value("vertx_http_server_requests_total", Map.of("route", "/api/requests/:number",
        "method", "GET", "code", "200"))).isGreaterThanOrEqualTo(1);
    assertThat(after.value("vertx_http_server_response_time_seconds", Map.of("route", "/api/requests",
        "method", "POST", "code", "201"))).isGreaterThanOrEqualTo(10);
    assertThat(after.families().get("vertx_http_server_response_time_seconds").getType())
        .isEqualTo(MetricType.HISTOGRAM);
    assertThat(after.families()).containsKeys("jvm_memory_used_bytes", "vertx_pool_in_use",
        "councilline_processor_lag_events", "councilline_processor_last_event_timestamp_seconds",
        "councilline_live_subscribers", "councilline_outbox_messages", "councilline_outbox_oldest_pending_age_seconds",
        "councilline_sla_requests");
    assertThat(after.value("councilline_sla_requests", Map.of("priority", "URGENT", "state", "ON_TRACK")))
        .isGreaterThanOrEqualTo(10);
    assertThat(after.value("councilline_database_up", Map.of("embedded", "false"))).isEqualTo(1);
    assertThat(after.value("councilline_live_subscribers", Map.of("stream", "inbox", "transport", "sse")))
        .isEqualTo(0);
    assertThat(after.labelValues()).noneMatch(value -> TRACKING_NUMBER.matcher(value).find())
        .noneMatch(value -> value.contains("Elira") || value.contains("Kolaj") || value.contains("@example.al")
            || value.contains("69 123"));
  }

  @Test
  @DisplayName("of a stopped processor show a lag that grows with every event, and none once it has caught up")
  void lag() throws Exception {
    Eventually.eventually(() -> scrape().value("councilline_processor_lag_events",
        Map.of("processor", StatsProjection.NAME)) == 0);
    app.app().projections().stop(StatsProjection.NAME);
    for (int i = 0; i < 3; i++) {
      app.submit(TestApp.submission("COMMISSION", commission));
    }
    double first = scrape().value("councilline_processor_lag_events", Map.of("processor", StatsProjection.NAME));
    assertThat(first).isGreaterThanOrEqualTo(3);
    for (int i = 0; i < 3; i++) {
      app.submit(TestApp.submission("COMMISSION", commission));
    }
    double second = scrape().value("councilline_processor_lag_events", Map.of("processor", StatsProjection.NAME));
    assertThat(second).isGreaterThanOrEqualTo(first + 3);
    app.app().projections().start(StatsProjection.NAME).await();
    Eventually.eventually(() -> scrape().value("councilline_processor_lag_events",
        Map.of("processor", StatsProjection.NAME)) == 0);
    assertThat(scrape().value("councilline_processor_last_event_timestamp_seconds",
        Map.of("processor", StatsProjection.NAME))).isGreaterThan(0);
  }

  @Test
  @DisplayName("need the METRICS_TOKEN bearer: none, a wrong one or an account's token get 401")
  void token() {
    assertThat(app.get("/metrics", null).statusCode()).isEqualTo(401);
    assertThat(app.get("/metrics", "wrong-token").statusCode()).isEqualTo(401);
    HttpResponse<Buffer> withAccount = app.get("/metrics", app.adminToken());
    assertThat(withAccount.statusCode()).isEqualTo(401);
    assertThat(withAccount.bodyAsJsonObject().getString("error")).isEqualTo("UNAUTHORIZED");
    HttpResponse<Buffer> ok = app.get("/metrics", TOKEN);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.getHeader("Content-Type")).startsWith("text/plain");
  }

  @Test
  @DisplayName("count webhook subscribers by state, so that one paused for a full backlog can raise an alert")
  void webhookSubscribers() throws Exception {
    // as the webhook projection leaves them (WebhookLimitTest pauses one for real); no event type, so nothing is queued
    try (Connection c = app.jdbc(); PreparedStatement st = c.prepareStatement("INSERT INTO webhook_subscription "
        + "(id, url, event_types, secret, paused_at, deleted_at) VALUES (?, 'https://receiver.example/', '{}', 'sealed', "
        + "?, ?)")) {
      for (int[] state : new int[][] {{0, 0}, {1, 0}, {1, 0}, {0, 1}}) {
        st.setObject(1, UUID.randomUUID());
        st.setObject(2, state[0] == 1 ? OffsetDateTime.now() : null);
        st.setObject(3, state[1] == 1 ? OffsetDateTime.now() : null);
        st.executeUpdate();
      }
    }

    Scrape scraped = scrape();
    assertThat(scraped.value("councilline_webhook_subscribers", Map.of("state", "active"))).isEqualTo(1);
    assertThat(scraped.value("councilline_webhook_subscribers", Map.of("state", "paused")))
        .as("paused ones, a deleted one not counted").isEqualTo(2);
  }

  private static Scrape scrape() throws Exception {
    HttpResponse<Buffer> response = app.get("/metrics", TOKEN);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return Scrape.parse(response.bodyAsString());
  }

}
