package al.tirana.councilline.sla;

import static al.tirana.councilline.support.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.support.CaughtUp;
import al.tirana.councilline.support.TestApp;
import al.tirana.councilline.support.Timers;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Durable SLA timers on the real application")
class SlaTimersTest {

  private static final Map<String, String> FAST_SLA = Map.of("SLA_URGENT", "PT4S", "SLA_NORMAL", "PT1H",
      "SLA_WARNING_REMAINING", "0.5", "ESCALATION_EMAIL", "kryetari@tirana.al");

  private static long count(TestApp app, String number, String type) throws Exception {
    return app.count("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? AND payload_type LIKE ?",
        number, "%$" + type);
  }

  @Test
  @DisplayName("a submission's timers commit in the same transaction as its events, and a refused one leaves none")
  void timersJoinTheCommandsTransaction(Vertx vertx) throws Exception {
    try (TestApp app = TestApp.onFreshDatabase(vertx)) {
      String commission = app.createCommission(app.adminToken(), "Youth Commission");
      String number = app.submit(TestApp.submission("COMMISSION", commission)).getString("number");
      // xmin is the id of the transaction that wrote a row
      assertThat(app.count("SELECT count(*) FROM scheduled_tasks WHERE xmin::text = (SELECT xmin::text "
          + "FROM domain_event_entry WHERE aggregate_identifier = ? AND payload_type LIKE '%$RequestSubmitted')",
          number)).as("the warning and the breach timer").isEqualTo(2);
      long timers = app.count("SELECT count(*) FROM scheduled_tasks");
      assertThat(app.post("/api/requests", null, TestApp.submission("COMMISSION", "no-such-commission"))
          .statusCode()).isBetween(400, 499);
      assertThat(app.count("SELECT count(*) FROM scheduled_tasks")).isEqualTo(timers);
    }
  }

  @Test
  @DisplayName("warn, breach and escalate exactly once")
  void warningBreachEscalation(Vertx vertx) throws Exception {
    try (TestApp app = TestApp.onFreshDatabase(vertx, FAST_SLA)) {
      String commission = app.createCommission(app.adminToken(), "Youth Commission");
      String number = app.submit(TestApp.submission("COMMISSION", commission)).getString("number");
      eventually(() -> count(app, number, "SlaBreached") == 1 && count(app, number, "BreachEscalated") == 1);
      Timers.dueHaveRun(app); // no timer left that could fire a second time
      CaughtUp.all(app);
      assertThat(count(app, number, "SlaWarningIssued")).isEqualTo(1);
      assertThat(count(app, number, "SlaBreached")).isEqualTo(1);
      assertThat(count(app, number, "BreachEscalated")).isEqualTo(1);
      assertThat(app.count("SELECT count(*) FROM scheduled_tasks")).isZero();
      JsonArray timeline = app.get("/api/requests/" + number, null).bodyAsJsonObject().getJsonArray("timeline");
      assertThat(timeline.encode()).contains("The response deadline passed without an answer")
          .doesNotContain("kryetari@tirana.al");
      assertThat(app.get("/api/feed", null).bodyAsJsonObject().encode()).contains(number + " passed its deadline");
      String admin = app.adminToken();
      eventually(() -> app.count("SELECT count(*) FROM inbox_item WHERE number = ? AND sla_state = 'OVERDUE'",
          number) == 1);
      JsonObject inboxItem = app.get("/api/inbox?sla=OVERDUE", admin).bodyAsJsonObject().getJsonArray("items")
          .getJsonObject(0);
      assertThat(inboxItem.getString("number")).isEqualTo(number);
      JsonObject summary = app.get("/api/sla/summary?by=commission", null).bodyAsJsonObject();
      assertThat(summary.getJsonArray("rows").getJsonObject(0).getString("name")).isEqualTo("Youth Commission");
      assertThat(summary.getJsonArray("rows").getJsonObject(0).getLong("overdue")).isEqualTo(1L);
      assertThat(summary.getJsonArray("rows").getJsonObject(0).getLong("onTrack")).isZero();
    }
  }

  @Test
  @DisplayName("a breach due while the node was down fires once after it starts again, and the warning is not repeated")
  void breachSurvivesRestart(Vertx vertx) throws Exception {
    Map<String, String> slower = Map.of("SLA_URGENT", "PT8S", "SLA_NORMAL", "PT1H", "SLA_WARNING_REMAINING", "0.5");
    String databaseUrl;
    String number;
    Instant breachDue;
    try (TestApp first = TestApp.onFreshDatabase(vertx, slower)) {
      databaseUrl = first.databaseUrl();
      String commission = first.createCommission(first.adminToken(), "Youth Commission");
      number = first.submit(TestApp.submission("COMMISSION", commission)).getString("number");
      String n = number;
      eventually(() -> count(first, n, "SlaWarningIssued") == 1);
      assertThat(count(first, number, "SlaBreached")).isZero();
      breachDue = Timers.lastDue(first);
    }
    Timers.awaitPassed(breachDue, "the breach's due instant, while no node runs");
    try (TestApp second = TestApp.onDatabase(vertx, databaseUrl, slower)) {
      String n = number;
      eventually(() -> count(second, n, "SlaBreached") == 1);
      Timers.dueHaveRun(second); // the breach timer is done and no other is due: nothing can fire again
      assertThat(count(second, number, "SlaBreached")).isEqualTo(1);
      assertThat(count(second, number, "SlaWarningIssued")).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("a response stops the clock; asking the citizen pauses it; an extension moves it, with a public reason")
  void clockOverHttp(Vertx vertx) throws Exception {
    try (TestApp app = TestApp.onFreshDatabase(vertx, Map.of("SLA_URGENT", "PT6S", "SLA_NORMAL", "PT1H"))) {
      String admin = app.adminToken();
      String commission = app.createCommission(admin, "Finance Commission");

      String answered = app.submit(TestApp.submission("COMMISSION", commission)).getString("number");
      assertThat(app.post("/api/requests/" + answered + "/respond", admin, new JsonObject().put("message", "Done"))
          .statusCode()).isEqualTo(200);

      JsonObject paused = app.submit(TestApp.submission("COMMISSION", commission));
      String pausedNumber = paused.getString("number");
      HttpResponse<Buffer> asked = app.post("/api/requests/" + pausedNumber + "/await-citizen", admin,
          new JsonObject().put("message", "Which building is it?"));
      assertThat(asked.statusCode()).isEqualTo(200);
      assertThat(asked.bodyAsJsonObject().getString("status")).isEqualTo("AWAITING_CITIZEN");

      String extended = app.submit(TestApp.submission("COMMISSION", commission)).getString("number");
      Instant later = Instant.now().plus(Duration.ofDays(5)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
      HttpResponse<Buffer> extension = app.post("/api/requests/" + extended + "/extend", admin,
          new JsonObject().put("dueAt", later.toString()).put("reason", "Waiting for the cadastre survey"));
      assertThat(extension.statusCode()).as(extension.bodyAsString()).isEqualTo(200);
      assertThat(Instant.parse(extension.bodyAsJsonObject().getString("dueAt"))).isEqualTo(later);
      assertThat(app.post("/api/requests/" + extended + "/extend", admin, new JsonObject()
          .put("dueAt", Instant.now().toString()).put("reason", "Sooner")).statusCode()).isEqualTo(422);

      // the positive signal: a request submitted after the three breaches, so their original windows have passed,
      // and every timer due by then has run
      String control = app.submit(TestApp.submission("COMMISSION", commission)).getString("number");
      eventually(() -> count(app, control, "SlaBreached") == 1);
      Timers.dueHaveRun(app);
      for (String number : new String[] {answered, pausedNumber, extended}) {
        assertThat(count(app, number, "SlaBreached")).as(number).isZero();
      }

      JsonObject publicView = app.get("/api/requests/" + extended, null).bodyAsJsonObject();
      assertThat(publicView.getJsonObject("due").getJsonArray("extensions").getJsonObject(0).getString("reason"))
          .isEqualTo("Waiting for the cadastre survey");
      assertThat(publicView.getJsonArray("timeline").encode()).contains("Deadline extended to");

      HttpResponse<Buffer> citizenAnswer = app.send(app.client().post("/api/requests/" + pausedNumber + "/answer")
          .putHeader("X-Access-Code", paused.getString("accessCode")), null,
          new JsonObject().put("message", "Building 7, entrance B"));
      assertThat(citizenAnswer.statusCode()).as(citizenAnswer.bodyAsString()).isEqualTo(200);
      assertThat(citizenAnswer.bodyAsJsonObject().getString("status")).isEqualTo("SUBMITTED");
      JsonObject due = app.get("/api/requests/" + pausedNumber, null).bodyAsJsonObject().getJsonObject("due");
      assertThat(due.getString("policy")).isEqualTo("URGENT PT6S");
      assertThat(due.getJsonArray("pauses")).hasSize(1);
      assertThat(due.getJsonArray("pauses").getJsonObject(0).getString("to")).isNotNull();
      // the paused request had nearly all of its 6 seconds left: it breaches only after the answer
      eventually(() -> count(app, pausedNumber, "SlaBreached") == 1);
      assertThat(app.count("SELECT count(*) FROM domain_event_entry WHERE payload::text LIKE '%Building 7%'"))
          .as("the citizen's answer is sealed").isZero();
    }
  }

  @Test
  @DisplayName("administrators keep the holiday calendar, also from an iCalendar file")
  void holidays(Vertx vertx) throws Exception {
    try (TestApp app = TestApp.onFreshDatabase(vertx)) {
      String admin = app.adminToken();
      assertThat(app.post("/api/admin/holidays", admin, new JsonObject().put("day", "2026-12-24")
          .put("name", "Nata e Krishtlindjes")).statusCode()).isEqualTo(201);
      String ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270101\r\n"
          + "DTEND;VALUE=DATE:20270103\r\nSUMMARY:Viti i Ri\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\n"
          + "DTSTART;VALUE=DATE:20270314\r\nSUMMARY:Dita e\r\n  Verës\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
      HttpResponse<Buffer> notCalendar = app.client().post("/api/admin/holidays/import")
          .putHeader("Content-Type", "text/calendar").bearerTokenAuthentication(admin)
          .sendBuffer(Buffer.buffer("hello")).await();
      assertThat(notCalendar.statusCode()).isEqualTo(400);
      assertThat(notCalendar.bodyAsJsonObject().getString("error")).isEqualTo("INVALID_CALENDAR");
      HttpResponse<Buffer> imported = app.client().post("/api/admin/holidays/import")
          .putHeader("Content-Type", "text/calendar").bearerTokenAuthentication(admin).sendBuffer(Buffer.buffer(ics)).await();
      assertThat(imported.statusCode()).as(imported.bodyAsString()).isEqualTo(200);
      assertThat(imported.bodyAsJsonObject().getInteger("imported")).isEqualTo(3);
      JsonArray listed = app.get("/api/admin/holidays?year=2027", admin).bodyAsJsonArray();
      assertThat(listed.stream().map(o -> ((JsonObject) o).getString("day")))
          .containsExactly("2027-01-01", "2027-01-02", "2027-03-14");
      assertThat(listed.getJsonObject(2).getString("name")).isEqualTo("Dita e Verës");
      assertThat(app.send(app.client().delete("/api/admin/holidays/2026-12-24"), admin, null).statusCode())
          .isEqualTo(204);
      assertThat(app.send(app.client().delete("/api/admin/holidays/2026-12-24"), admin, null).statusCode())
          .isEqualTo(404);
      assertThat(app.post("/api/admin/holidays", null, new JsonObject().put("day", "2026-12-24")
          .put("name", "x")).statusCode()).isEqualTo(401);
    }
  }
}
