package al.tirana.councilline.ops;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.stats.StatsProjection;
import al.tirana.councilline.support.Eventually;
import al.tirana.councilline.support.TestApp;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Readiness")
class ReadinessTest {

  @Test
  @DisplayName("is 503 naming the processor while it is more than READY_MAX_LAG events behind, 200 once it caught up")
  void followsTheProcessors(Vertx vertx) throws Exception {
    try (TestApp app = TestApp.onFreshDatabase(vertx, Map.of("READY_MAX_LAG", "100"))) {
      String commission = app.createCommission(app.adminToken(), "Youth Commission");
      Eventually.eventually(() -> app.get("/ready", null).statusCode() == 200);
      JsonObject ready = app.get("/ready", null).bodyAsJsonObject();
      assertThat(ready.getString("status")).isEqualTo("READY");
      assertThat(ready.getJsonObject("processors").getLong(StatsProjection.NAME)).isLessThanOrEqualTo(100);

      // the statistics processor stays running but cannot write while its table is locked: it falls behind
      try (Connection lock = app.jdbc(); Statement st = lock.createStatement()) {
        lock.setAutoCommit(false);
        st.execute("LOCK TABLE stats_request IN ACCESS EXCLUSIVE MODE");
        for (int batch = 0; batch < 10; batch++) {
          List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
          for (int i = 0; i < 50; i++) {
            sent.add(app.sendAsync(app.client().post("/api/requests"), null,
                TestApp.submission("COMMISSION", commission)));
          }
          Future.all(sent).await();
          sent.forEach(response -> assertThat(response.result().statusCode()).isEqualTo(201));
        }
        HttpResponse<Buffer> behind = app.get("/ready", null);
        assertThat(behind.statusCode()).isEqualTo(503);
        JsonObject body = behind.bodyAsJsonObject();
        assertThat(body.getString("error")).isEqualTo("NOT_READY");
        assertThat(body.getJsonArray("details").stream().map(JsonObject.class::cast))
            .anySatisfy(reason -> {
              assertThat(reason.getString("reason")).isEqualTo("PROCESSOR_BEHIND");
              assertThat(reason.getString("processor")).isEqualTo(StatsProjection.NAME);
              assertThat(reason.getLong("lag")).isGreaterThan(100);
            })
            .noneSatisfy(reason -> assertThat(reason.getString("processor")).isEqualTo("tracking"));
        lock.rollback();
      }
      Eventually.eventually(() -> app.get("/ready", null).statusCode() == 200);
      assertThat(app.get("/ready", null).bodyAsJsonObject().getJsonObject("processors")
          .getLong(StatsProjection.NAME)).isLessThanOrEqualTo(100);
    }
  }

  @Test
  @DisplayName("is 503 with PROCESSOR_STOPPED while a streaming processor does not run on the node, and with "
      + "MIGRATIONS_PENDING while a schema script is not applied")
  void stoppedProcessor(Vertx vertx) throws Exception {
    try (TestApp app = TestApp.onFreshDatabase(vertx)) {
      Eventually.eventually(() -> app.get("/ready", null).statusCode() == 200);
      app.app().projections().stop(OpsProjection.NAME);
      HttpResponse<Buffer> stopped = app.get("/ready", null);
      assertThat(stopped.statusCode()).isEqualTo(503);
      assertThat(stopped.bodyAsJsonObject().getJsonArray("details").stream().map(JsonObject.class::cast))
          .anySatisfy(reason -> {
            assertThat(reason.getString("reason")).isEqualTo("PROCESSOR_STOPPED");
            assertThat(reason.getString("processor")).isEqualTo(OpsProjection.NAME);
          });
      app.app().projections().start(OpsProjection.NAME).await();
      Eventually.eventually(() -> app.get("/ready", null).statusCode() == 200);

      // a schema script this version ships that the database has not recorded as applied
      try (Connection c = app.jdbc(); Statement st = c.createStatement()) {
        st.execute("UPDATE schema_history SET script = 'projections/V20__ops.sql.away' "
            + "WHERE script = 'projections/V20__ops.sql'");
        HttpResponse<Buffer> pending = app.get("/ready", null);
        assertThat(pending.statusCode()).isEqualTo(503);
        assertThat(pending.bodyAsJsonObject().getJsonArray("details").getJsonObject(0).getString("reason"))
            .isEqualTo("MIGRATIONS_PENDING");
        assertThat(pending.bodyAsJsonObject().getJsonArray("details").getJsonObject(0).getJsonArray("scripts"))
            .containsExactly("projections/V20__ops.sql");
        st.execute("UPDATE schema_history SET script = 'projections/V20__ops.sql' "
            + "WHERE script = 'projections/V20__ops.sql.away'");
      }
      assertThat(app.get("/ready", null).statusCode()).isEqualTo(200);
    }
  }
}
