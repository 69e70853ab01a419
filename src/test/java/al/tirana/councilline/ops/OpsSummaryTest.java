package al.tirana.councilline.ops;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.support.Eventually;
import al.tirana.councilline.support.StartedApp;
import al.tirana.councilline.support.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@StartedApp
@DisplayName("The control room's summary")
class OpsSummaryTest {

  @StartedApp.Node private static TestApp app;
  @StartedApp.Admin private static String admin;
  @StartedApp.Commission("Youth Commission") private static String commission;
  @StartedApp.Counselor(value = "Arta Hoxha", email = "arta.hoxha@tirana.al") private static String counselor;

  @Test
  @DisplayName("agrees with /api/sla/summary and /api/stats, leaves spam out, and a rebuild reproduces it")
  void agrees() throws Exception {
    String staff = app.createUser(admin, "desk.ops", "STAFF", null);
    String number = null;
    for (int i = 0; i < 9; i++) {
      JsonObject submission = TestApp.submission("COMMISSION", commission).put("priority", i % 2 == 0 ? "URGENT"
          : "NORMAL");
      if (i % 3 != 0) {
        submission.put("channel", "DESK").put("administrativeUnit", i % 3 == 1 ? 3 : 12);
      }
      number = app.post("/api/requests", staff, submission).bodyAsJsonObject().getString("number");
      if (i < 4) {
        assertThat(app.post("/api/requests/" + number + "/respond", staff, new JsonObject()
            .put("message", "We are on it")).statusCode()).isEqualTo(200);
      }
      if (i == 5) {
        assertThat(app.post("/api/requests/" + number + "/assign", staff, new JsonObject()
            .put("counselorId", counselor)).statusCode()).isEqualTo(200);
      }
    }
    assertThat(app.post("/api/requests/" + number + "/spam", staff, new JsonObject().put("reason", "advert"))
        .statusCode()).isEqualTo(200);
    // every processor has caught up with the last event
    Eventually.eventually(() -> app.get("/ready", null).bodyAsJsonObject().getJsonObject("processors").stream()
        .allMatch(e -> ((Number) e.getValue()).longValue() == 0));

    JsonObject summary = summary(app, staff);
    JsonArray units = summary.getJsonArray("units");
    assertThat(units).hasSize(25);
    JsonObject stats = app.get("/api/stats", null).bodyAsJsonObject();
    assertThat(stats.getLong("received")).isEqualTo(8);
    assertThat(sum(units, "receivedToday")).isEqualTo(stats.getLong("received"));
    assertThat(sum(units, "answeredToday")).isEqualTo(stats.getLong("answered")).isEqualTo(4);
    assertThat(summary.getJsonArray("throughput")).hasSize(24);
    assertThat(sum(summary.getJsonArray("throughput"), "received")).isEqualTo(8);
    assertThat(sum(summary.getJsonArray("throughput"), "answered")).isEqualTo(4);
    assertThat(units.getJsonObject(0).getDouble("medianFirstResponseHours")).isNotNull();

    Map<String, JsonObject> byUnit = new HashMap<>();
    app.get("/api/sla/summary?by=unit", null).bodyAsJsonObject().getJsonArray("rows").forEach(row ->
        byUnit.put(((JsonObject) row).getString("id"), (JsonObject) row));
    assertThat(byUnit).containsOnlyKeys("3", "12");
    for (Object value : units) {
      JsonObject unit = (JsonObject) value;
      JsonObject sla = byUnit.get(String.valueOf(unit.getInteger("unit")));
      if (unit.getInteger("unit") == 0) {
        continue; // the central channels have no unit in the SLA summary
      }
      long open = sla == null ? 0 : sla.getLong("onTrack") + sla.getLong("atRisk") + sla.getLong("overdue")
          + sla.getLong("paused");
      assertThat(unit.getLong("open")).as("unit " + unit.getInteger("unit")).isEqualTo(open);
      assertThat(unit.getLong("atRisk")).isEqualTo(sla == null ? 0 : sla.getLong("atRisk"));
      assertThat(unit.getLong("overdue")).isEqualTo(sla == null ? 0 : sla.getLong("overdue"));
    }
    assertThat(sum(units, "open")).isEqualTo(stats.getLong("open"));
    JsonObject bySlaCommission = app.get("/api/sla/summary?by=commission", null).bodyAsJsonObject()
        .getJsonArray("rows").getJsonObject(0);
    JsonObject opsCommission = summary.getJsonArray("commissions").getJsonObject(0);
    assertThat(opsCommission.getString("name")).isEqualTo("Youth Commission").isEqualTo(bySlaCommission
        .getString("name"));
    assertThat(opsCommission.getLong("open")).isEqualTo(bySlaCommission.getLong("onTrack")
        + bySlaCommission.getLong("atRisk") + bySlaCommission.getLong("overdue") + bySlaCommission.getLong("paused"));
    assertThat(summary.getJsonArray("counselors").getJsonObject(0).getString("name")).isEqualTo("Arta Hoxha");
    assertThat(summary.getJsonArray("oldestUnacknowledged")).isNotEmpty();

    assertThat(app.post("/api/admin/projections/ops/rebuild", admin, null).statusCode()).isEqualTo(202);
    Eventually.eventually(() -> app.app().projections().caughtUp(OpsProjection.NAME,
        app.app().projections().position("tracking")));
    JsonObject rebuilt = summary(app, staff);
    assertThat(rebuilt.getJsonArray("units")).isEqualTo(units);
    assertThat(rebuilt.getJsonArray("throughput")).isEqualTo(summary.getJsonArray("throughput"));
  }

  @Test
  @DisplayName("is for staff, administrators and auditors only")
  void access() throws Exception {
    assertThat(app.get("/api/ops/summary", null).statusCode()).isEqualTo(401);
    assertThat(app.get("/api/ops/summary", app.createUser(admin, "arta", "COUNSELOR", counselor)).statusCode())
        .isEqualTo(403);
    assertThat(app.get("/api/ops/summary", app.createUser(admin, "auditor", "AUDITOR", null)).statusCode())
        .isEqualTo(200);
  }

  private static JsonObject summary(TestApp app, String token) {
    var response = app.get("/api/ops/summary", token);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  private static long sum(JsonArray rows, String field) {
    return rows.stream().mapToLong(row -> ((JsonObject) row).getLong(field)).sum();
  }
}
