package al.tirana.councilline.identity;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.support.Await;
import al.tirana.councilline.support.CaughtUp;
import al.tirana.councilline.support.SseClient;
import al.tirana.councilline.support.StoredRows;
import al.tirana.councilline.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Citizens' personal data")
class PrivacyScanTest {

  private static final List<String> PII = List.of("Mirela", "Dushkaj", "mirela.dushkaj@example.al", "+355 67 777 0042",
      "Shoqata Vatra", "Pallati 12 ka lagështi", "Shkalla B, apartamenti 4", "Shumë faleminderit");

  @Test
  @DisplayName("never reach a public endpoint, and after erasure no endpoint and no stored row at all")
  void scan(Vertx vertx) throws Exception {
    try (TestApp app = TestApp.onFreshDatabase(vertx)) {
      String admin = app.adminToken();
      String staff = app.createUser(admin, "desk.scan", "STAFF", null);
      String auditor = app.createUser(admin, "auditor.scan", "AUDITOR", null);
      String commission = app.createCommission(admin, "Social Housing Commission");
      String counselor = app.createCounselor(admin, "Arta Hoxha", "arta.hoxha@tirana.al", commission);
      JsonObject submission = TestApp.submission("COMMISSION", commission)
          .put("subject", "Lagështi").put("body", PII.get(5))
          .put("citizen", new JsonObject().put("firstName", PII.get(0)).put("lastName", PII.get(1))
              .put("email", PII.get(2)).put("phone", PII.get(3)).put("organization", PII.get(4)));
      JsonObject submitted = app.submit(submission);
      String number = submitted.getString("number");
      String code = submitted.getString("accessCode");
      String path = "/api/requests/" + number;
      app.post(path + "/assign", staff, new JsonObject().put("counselorId", counselor));
      app.post(path + "/await-citizen", staff, new JsonObject().put("message", "Which apartment?"));
      citizen(app, path + "/answer", code, new JsonObject().put("message", PII.get(6)));
      app.post(path + "/respond", staff, new JsonObject().put("message", "An inspector will come on Monday"));
      citizen(app, path + "/rating", code, new JsonObject().put("score", 5).put("comment", PII.get(7)));
      app.post(path + "/resolve", staff, null);
      app.post(path + "/success-story", staff, new JsonObject().put("title", "Dry homes").put("summary",
          "The damp in a social housing block was fixed.").put("citizenConsented", true));
      CaughtUp.all(app); // everything the events above cause has been written before anything is scanned

      assertThat(citizenView(app, path, code).getJsonObject("citizen").getString("email")).isEqualTo(PII.get(2));
      assertNoPii(publicResponses(app, vertx, number, commission, counselor), "public endpoints");

      HttpResponse<Buffer> wrongCode = app.post("/api/admin/citizens/erase", admin,
          new JsonObject().put("number", number).put("accessCode", "NOTTHECODE12"));
      assertThat(wrongCode.statusCode()).isEqualTo(403);
      assertThat(app.post("/api/admin/citizens/erase", staff, new JsonObject().put("number", number)
          .put("accessCode", code)).statusCode()).isEqualTo(403);
      HttpResponse<Buffer> erased = app.post("/api/admin/citizens/erase", admin,
          new JsonObject().put("number", number).put("accessCode", code));
      assertThat(erased.statusCode()).as(erased.bodyAsString()).isEqualTo(200);
      assertThat(app.post("/api/admin/citizens/erase", admin, new JsonObject().put("number", number)
          .put("accessCode", code)).statusCode()).isEqualTo(409);

      JsonObject afterwards = citizenView(app, path, code);
      assertThat(afterwards.getJsonObject("citizen").getString("firstName")).isEqualTo("[erased]");
      assertThat(afterwards.getString("status")).isEqualTo("RESOLVED");
      assertThat(afterwards.getJsonArray("timeline").encode()).contains("erased at their request");

      assertThat(app.post("/api/admin/projections/stats/rebuild", admin, null).statusCode()).isEqualTo(202);
      assertThat(app.post("/api/admin/projections/tracking/rebuild", admin, null).statusCode()).isEqualTo(202);
      CaughtUp.all(app); // the rebuilt projections have replayed the whole log, erasure included

      List<String> everything = new ArrayList<>(publicResponses(app, vertx, number, commission, counselor));
      everything.add(citizenView(app, path, code).encode());
      everything.add(app.get(path, staff).bodyAsString());
      everything.add(app.get("/api/inbox", staff).bodyAsString());
      everything.add(app.get("/api/admin/outbox", admin).bodyAsString());
      everything.add(app.get("/api/audit/requests/" + number, auditor).bodyAsString());
      everything.add(app.send(app.client().get("/api/audit/events").putHeader("Accept", "application/x-ndjson"),
          auditor, null).bodyAsString());
      assertNoPii(everything, "every endpoint after erasure");
      List<String> stored = StoredRows.everyRow(app);
      assertThat(stored).as("the scan reads inside binary columns (event payloads)")
          .anyMatch(t -> t.contains("\"accessCodeHash\""));
      assertNoPii(stored, "the database after erasure");
    }
  }

  private static void citizen(TestApp app, String path, String code, JsonObject body) {
    HttpResponse<Buffer> response = app.send(app.client().post(path).putHeader("X-Access-Code", code), null, body);
    assertThat(response.statusCode()).as(path + " " + response.bodyAsString()).isEqualTo(200);
  }

  private static JsonObject citizenView(TestApp app, String path, String code) {
    return app.send(app.client().get(path).putHeader("X-Access-Code", code), null, null).bodyAsJsonObject();
  }

  private static List<String> publicResponses(TestApp app, Vertx vertx, String number, String commission,
                                              String counselor) throws Exception {
    List<String> bodies = new ArrayList<>();
    for (String path : List.of("/api/requests/" + number, "/api/feed", "/api/stats", "/api/stats.csv",
        "/api/open-data/requests.csv", "/api/open-data/requests.json", "/api/open-data/dictionary",
        "/api/commissions", "/api/counselors", "/api/success-stories", "/api/counselors/" + counselor + "/timeline",
        "/api/commissions/" + commission + "/timeline", "/api/sla/summary?by=counselor",
        "/api/sla/summary?by=commission", "/api/sla/summary?by=unit", "/api/audit/head", "/api/events/catalog")) {
      HttpResponse<Buffer> response = app.get(path, null);
      assertThat(response.statusCode()).as(path).isEqualTo(200);
      bodies.add(response.bodyAsString());
    }
    Map<String, Long> streams = Map.of(
        "/api/requests/" + number + "/stream",
        app.count("SELECT max(position) FROM tracking_item WHERE number = ?", number),
        "/api/feed/stream?since=0", app.count("SELECT max(position) FROM feed_item"));
    for (Map.Entry<String, Long> stream : streams.entrySet()) {
      try (SseClient sse = SseClient.connect(vertx, app.config().httpPort(), stream.getKey(), null, null)) {
        // the stream's whole backlog has arrived once its newest row has
        sse.await(event -> event.id() >= stream.getValue(), Await.TIMEOUT);
        bodies.add(sse.events().toString());
      }
    }
    return bodies;
  }

  private static void assertNoPii(List<String> texts, String where) {
    for (String pii : PII) {
      assertThat(texts).as(where + " must not contain " + pii).noneMatch(t -> t.contains(pii));
    }
  }
}
