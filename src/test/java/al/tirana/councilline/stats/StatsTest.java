package al.tirana.councilline.stats;

import static al.tirana.councilline.support.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.support.StartedApp;
import al.tirana.councilline.support.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@StartedApp(settings = {"SLA_URGENT=PT3S", "SLA_NORMAL=PT1H"})
@DisplayName("Public accountability")
class StatsTest {

  private static final int[] SCORES = {5, 5, 4, 4, 4, 3, 3, 5, 4, 3};

  @StartedApp.Node
  private static TestApp app;
  @StartedApp.Admin
  private static String admin;
  private static String finance;
  private static String youth;
  private static List<JsonObject> financeRequests = new ArrayList<>();

  /** 12 answered requests to Finance, 9 on time and 3 late, 10 of them rated; 2 unanswered ones to Youth. */
  @BeforeAll
  static void given() throws Exception {
    finance = app.createCommission(admin, "Finance Commission");
    youth = app.createCommission(admin, "Youth Commission");
    List<JsonObject> late = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      late.add(app.submit(TestApp.submission("COMMISSION", finance)));
    }
    for (int i = 0; i < 9; i++) {
      JsonObject onTime = app.submit(TestApp.submission("COMMISSION", finance));
      respond(onTime);
      financeRequests.add(onTime);
    }
    // late means answered after the deadline: the breach recorded for each is the signal that it has passed
    for (JsonObject request : late) {
      eventually(() -> app.count("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? "
          + "AND payload_type LIKE '%$SlaBreached'", request.getString("number")) == 1);
    }
    for (JsonObject request : late) {
      respond(request);
      financeRequests.add(request);
    }
    for (int i = 0; i < SCORES.length; i++) {
      JsonObject request = financeRequests.get(i);
      HttpResponse<Buffer> rated = app.send(app.client().post("/api/requests/" + request.getString("number")
          + "/rating").putHeader("X-Access-Code", request.getString("accessCode")), null,
          new JsonObject().put("score", SCORES[i]));
      assertThat(rated.statusCode()).isEqualTo(200);
    }
    app.submit(TestApp.submission("COMMISSION", youth));
    app.submit(TestApp.submission("COMMISSION", youth));
    eventually(() -> app.count("SELECT count(*) FROM stats_request") == 14
        && app.count("SELECT count(satisfaction) FROM stats_request") == SCORES.length
        && app.count("SELECT count(first_response_at) FROM stats_request") == 12
        && app.count("SELECT count(*) FROM accountability_entry WHERE type = 'ANSWERED'") == 12);
  }

  private static void respond(JsonObject request) {
    assertThat(app.post("/api/requests/" + request.getString("number") + "/respond", admin,
        new JsonObject().put("message", "Answered")).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("count on-time answers with a 95% Wilson interval, and average satisfaction")
  void knownAnswers() throws Exception {
    long resolved = app.count("SELECT count(*) FROM stats_request WHERE addressee_id = ? AND resolved_at IS NOT NULL",
        finance);
    JsonObject stats = app.get("/api/stats?commission=" + finance, null).bodyAsJsonObject();
    assertThat(stats.getLong("received")).isEqualTo(12);
    assertThat(stats.getLong("answered")).isEqualTo(12);
    JsonObject onTime = stats.getJsonObject("answeredOnTime");
    assertThat(onTime.getLong("count")).isEqualTo(9);
    assertThat(onTime.getDouble("rate")).isEqualTo(0.75);
    assertThat(onTime.getJsonArray("ci95").getDouble(0)).isEqualTo(0.4677);
    assertThat(onTime.getJsonArray("ci95").getDouble(1)).isEqualTo(0.9111);
    assertThat(stats.getLong("open")).isEqualTo(12 - resolved); // responded requests stay open until resolved
    assertThat(stats.getJsonObject("satisfaction").getDouble("average")).isEqualTo(4.0);
    assertThat(stats.getJsonObject("satisfaction").getLong("count")).isEqualTo(10);
    assertThat(stats.getJsonObject("firstResponseHours").getDouble("median")).isNotNull();
    // the commission's public timeline tells the same story, answer by answer
    List<String> answers = app.get("/api/commissions/" + finance + "/timeline?limit=100", null).bodyAsJsonObject()
        .getJsonArray("items").stream().map(item -> ((JsonObject) item).getString("text"))
        .filter(text -> text.startsWith("Answered")).toList();
    assertThat(answers).hasSize(12);
    assertThat(answers.stream().filter(text -> text.endsWith(", on time"))).hasSize(9);
    assertThat(answers.stream().filter(text -> text.endsWith(", late"))).hasSize(3);
  }

  @Test
  @DisplayName("break the figures down per commission and per category, with the commission's name, for charts")
  void breakdown() {
    JsonObject byCommission = app.get("/api/stats/breakdown?by=commission", null).bodyAsJsonObject();
    assertThat(byCommission.getJsonArray("rows").stream().map(JsonObject.class::cast)
        .map(r -> List.of(r.getString("key"), r.getString("name"), r.getLong("received"), r.getLong("answered"),
            r.getLong("answeredOnTime"), r.getLong("open"))))
        .containsExactly(List.of(finance, "Finance Commission", 12L, 12L, 9L, 12L),
            List.of(youth, "Youth Commission", 2L, 0L, 0L, 2L));
    JsonObject byCategory = app.get("/api/stats/breakdown?by=category", null).bodyAsJsonObject();
    assertThat(byCategory.getJsonArray("rows")).hasSize(1);
    assertThat(byCategory.getJsonArray("rows").getJsonObject(0).getString("key")).isEqualTo("YOUTH");
    assertThat(byCategory.getJsonArray("rows").getJsonObject(0).getLong("received")).isEqualTo(14L);
    assertThat(app.get("/api/stats/breakdown?by=citizen", null).statusCode()).isEqualTo(400);
  }

  @Test
  @DisplayName("show rates on fewer than 10 requests as too few")
  void tooFew() {
    JsonObject stats = app.get("/api/stats?commission=" + youth, null).bodyAsJsonObject();
    assertThat(stats.getLong("received")).isEqualTo(2);
    assertThat(stats.getJsonObject("answeredOnTime").getString("rate")).isEqualTo("too few");
    assertThat(stats.getJsonObject("satisfaction").getString("average")).isEqualTo("too few");
    assertThat(app.get("/api/stats", null).bodyAsJsonObject().getLong("received")).isEqualTo(14);
  }

  @Test
  @DisplayName("export statistics and open data as CSV and JSON that standard parsers read, without personal data")
  void openData() throws Exception {
    HttpResponse<Buffer> statsCsv = app.get("/api/stats.csv?commission=" + finance, null);
    assertThat(statsCsv.getHeader("Content-Type")).startsWith("text/csv");
    List<CSVRecord> metrics = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build()
        .parse(new StringReader(statsCsv.bodyAsString())).getRecords();
    assertThat(metrics.stream().filter(r -> r.get("metric").equals("on_time_rate")).findFirst().orElseThrow()
        .get("value")).isEqualTo("0.75");

    HttpResponse<Buffer> csv = app.get("/api/open-data/requests.csv", null);
    assertThat(csv.getHeader("X-License")).isEqualTo("CC-BY-4.0");
    List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build()
        .parse(new StringReader(csv.bodyAsString())).getRecords();
    assertThat(rows).hasSize(14);
    assertThat(rows.get(0).toMap().keySet()).containsExactlyInAnyOrder("number", "kind", "category", "addressee",
        "administrative_unit", "channel", "submitted", "first_response", "resolved", "on_time", "satisfaction",
        "latitude", "longitude", "address");
    assertThat(rows.stream().filter(r -> r.get("on_time").equals("false"))).hasSize(3);
    JsonObject json = app.get("/api/open-data/requests.json", null).bodyAsJsonObject();
    assertThat(json.getString("license")).isEqualTo("CC-BY-4.0");
    assertThat(json.getJsonArray("requests")).hasSize(14);
    String everything = csv.bodyAsString() + json.encode() + statsCsv.bodyAsString()
        + app.get("/api/open-data/dictionary", null).bodyAsString();
    assertThat(everything).doesNotContain("Elira").doesNotContain("Kolaj").doesNotContain("elira.kolaj")
        .doesNotContain("123 4567").doesNotContain("Youth centre in Kombinat");
  }

  @Test
  @DisplayName("publish a resolved request as a success story only with consent, and take it down when withdrawn")
  void successStories() {
    String number = financeRequests.get(0).getString("number");
    String story = "/api/requests/" + number + "/success-story";
    JsonObject payload = new JsonObject().put("title", "A youth centre reopens").put("summary",
        "After a citizen's request, the centre in Kombinat reopened in January.");
    assertThat(app.post(story, admin, payload.copy().put("citizenConsented", true)).statusCode())
        .as("not resolved yet").isEqualTo(409);
    app.post("/api/requests/" + number + "/resolve", admin, null);
    HttpResponse<Buffer> noConsent = app.post(story, admin, payload.copy().put("citizenConsented", false));
    assertThat(noConsent.statusCode()).isEqualTo(422);
    assertThat(noConsent.bodyAsJsonObject().getString("error")).isEqualTo("CONSENT_REQUIRED");
    assertThat(app.post(story, admin, payload.copy().put("citizenConsented", true)
        .put("consentNote", "Signed form at unit 7")).statusCode()).isEqualTo(200);
    eventuallyListed(number, true);
    assertThat(app.send(app.client().delete(story), admin, null).statusCode()).isEqualTo(200);
    eventuallyListed(number, false);
    assertThat(app.post(story, null, payload.copy().put("citizenConsented", true)).statusCode()).isEqualTo(401);
  }

  private static void eventuallyListed(String number, boolean listed) {
    try {
      eventually(() -> app.get("/api/success-stories", null).bodyAsJsonArray().stream()
          .anyMatch(o -> number.equals(((JsonObject) o).getString("number"))) == listed);
    } catch (Exception ex) {
      throw new AssertionError(ex);
    }
  }
}
