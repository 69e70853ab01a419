package al.tirana.councilline.web;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.support.Browser;
import al.tirana.councilline.support.StartedApp;
import al.tirana.councilline.support.TestApp;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@StartedApp
@DisplayName("In a real browser, the public")
class PublicPagesTest {

  /** A long name, as real commissions have: a phone's chart axis must still show it whole. */
  private static final String FINANCE = "Komisioni i Financave, Buxhetit dhe Zhvillimit Ekonomik të Qytetit";

  @StartedApp.Node
  private static TestApp app;
  @StartedApp.Admin
  private static String admin;
  private static String youth;
  private static String counselor;

  @BeforeAll
  static void given() throws Exception {
    youth = app.createCommission(admin, "Komisioni i Rinisë");
    String finance = app.createCommission(admin, FINANCE);
    counselor = app.createCounselor(admin, "Gent Dervishi", "gent.dervishi@tirana.al", youth);
    for (int i = 0; i < 3; i++) {
      String number = app.submit(TestApp.submission("COMMISSION", youth)).getString("number");
      app.post("/api/requests/" + number + "/respond", admin, new JsonObject().put("message", "Përgjigje"));
    }
    app.submit(TestApp.submission("COMMISSION", finance).put("category", "FINANCE"));
    app.submit(TestApp.submission("COUNSELOR", counselor).put("category", "TRANSPORT"));
    String desk = app.createUser(admin, "desk.seven", "STAFF", null);
    assertThat(app.post("/api/requests", desk, TestApp.submission("COMMISSION", finance).put("channel", "DESK")
        .put("administrativeUnit", 7)).statusCode()).isEqualTo(201);
  }

  @Test
  @DisplayName("sees a new council event appear in the activity feed without reloading")
  void liveFeed() throws Exception {
    try (Browser browser = Browser.open(app.baseUrl(), 360, 740)) {
      browser.go("feed");
      browser.waitFor(".status-line[data-state='live']");
      assertThat(browser.all("#feed li")).hasSizeGreaterThanOrEqualTo(6);
      browser.markPage();

      String number = app.submit(TestApp.submission("COUNSELOR", counselor)).getString("number");

      String item = "#feed li[data-number='" + number + "']";
      browser.waitFor(item);
      assertThat(browser.samePage()).isTrue();
      assertThat(browser.text(item)).contains("Kërkesa u dërgua").contains(number)
          .as("worded in Albanian from the item's fields").contains("Urgjente", "Kërkesë", "Rinia",
              "Drejtuar: Gent Dervishi")
          .doesNotContain("New urgent request");
      assertThat(browser.text("#feed")).as("an answer, with who answered and how soon")
          .contains("Përgjigja nga: Komisioni i Rinisë · brenda një dite");
      browser.click("#lang");
      assertThat(browser.text(item)).as("reworded in English").contains("Request submitted", "Urgent", "Request",
          "Youth", "Addressed to: Gent Dervishi");
      assertThat(browser.text("#feed")).contains("Answered by: Komisioni i Rinisë · within a day");
      browser.click("#lang");
      assertThat(browser.all("#feed li").get(0).getAttribute("data-number")).as("newest first").isEqualTo(number);
      assertThat(browser.text("#feed")).as("no personal data in the public feed").doesNotContain("Elira")
          .doesNotContain("Kolaj").doesNotContain("elira.kolaj@example.al");
      assertThat(browser.consoleErrors()).isEmpty();
    }
  }

  @Test
  @DisplayName("feed API carries each item's facts as fields beside the English sentence")
  void feedFields() {
    List<JsonObject> items = app.get("/api/feed?latest=50", null).bodyAsJsonObject().getJsonArray("items").stream()
        .map(JsonObject.class::cast).toList();
    JsonObject submitted = items.stream().filter(i -> i.getString("type").equals("RequestSubmitted")).findFirst()
        .orElseThrow();
    assertThat(submitted.getString("text")).as("the old sentence is kept").startsWith("New urgent request");
    assertThat(submitted.getJsonObject("detail").getMap()).containsEntry("kind", "REQUEST")
        .containsEntry("priority", "URGENT").containsEntry("category", "YOUTH");
    assertThat(submitted.getJsonObject("detail").getJsonObject("addressee").getString("name"))
        .isEqualTo("Komisioni i Rinisë");
    JsonObject answered = items.stream().filter(i -> i.getString("type").equals("RequestResponded")).findFirst()
        .orElseThrow();
    assertThat(answered.getJsonObject("detail").getJsonObject("by").getString("name")).isEqualTo("Komisioni i Rinisë");
    assertThat(answered.getJsonObject("detail").getInteger("days")).isZero();
  }

  @Test
  @DisplayName("sees the statistics drawn as charts per commission, counselor, category and unit, and the chain head")
  void statisticsCharts() throws Exception {
    try (Browser browser = Browser.open(app.baseUrl(), 1280, 1600)) {
      browser.go("stats");
      browser.waitFor("#chain-head");
      assertThat(browser.text("#fig-received")).contains("6");
      assertThat(browser.text("#fig-answered")).contains("3");
      assertThat(browser.text("#fig-ontime")).contains("shumë pak raste");

      @SuppressWarnings("unchecked")
      Map<String, Object> charts = (Map<String, Object>) browser.js("const out = {};"
          + "for (const canvas of document.querySelectorAll('canvas')) {"
          + "  const chart = Chart.getChart(canvas);"
          + "  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;"
          + "  let painted = 0; for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) painted++; }"
          + "  out[canvas.id] = {labels: chart.data.labels.map(l => [].concat(l).join(' ')), received: chart.data.datasets[0].data,"
          + "    series: chart.data.datasets.map(d => d.label), painted: painted};"
          + "} return out;");
      assertThat(charts).containsOnlyKeys("chart-commission", "chart-counselor", "chart-category", "chart-unit");
      assertThat(chart(charts, "chart-commission").get("labels"))
          .isEqualTo(List.of("Komisioni i Rinisë", FINANCE));
      assertThat(chart(charts, "chart-commission").get("received")).isEqualTo(List.of(3L, 2L));
      assertThat(chart(charts, "chart-counselor").get("labels")).isEqualTo(List.of("Gent Dervishi"));
      assertThat(chart(charts, "chart-category").get("labels")).asList()
          .containsExactlyInAnyOrder("Rinia", "Financat", "Transporti");
      assertThat(chart(charts, "chart-unit").get("labels")).isEqualTo(List.of("Njësia 7"));
      assertThat(chart(charts, "chart-unit").get("series")).isEqualTo(List.of("Të marra", "Me përgjigje", "Në kohë"));
      charts.values().forEach(c -> assertThat((Long) ((Map<?, ?>) c).get("painted")).as("pixels drawn")
          .isGreaterThan(1000L));

      String hash = app.get("/api/audit/head", null).bodyAsJsonObject().getString("hash");
      assertThat(browser.text("#chain-head")).contains(hash);

      browser.click("#lang");
      @SuppressWarnings("unchecked")
      List<Object> englishLabels = (List<Object>) browser.js("return Chart.getChart(document.getElementById("
          + "'chart-category')).data.labels.map(l => [].concat(l).join(' '))");
      assertThat(englishLabels).asList().containsExactlyInAnyOrder("Youth", "Finance", "Transport");
      browser.click("#lang");

      Path shot = browser.screenshot("statistics");
      assertThat(Files.size(shot)).isGreaterThan(10_000L);
      assertThat(browser.consoleErrors()).isEmpty();
    }
  }

  @Test
  @DisplayName("on a 360 px phone sees every axis label of the statistics whole, and narrows them to a range of days")
  void statisticsOnAPhone() throws Exception {
    try (Browser browser = Browser.open(app.baseUrl(), 360, 740)) {
      browser.go("stats");
      browser.waitFor("#chain-head");
      assertThat(clippedLabels(browser)).as("axis labels wider than their axis or taller than their row").isEmpty();
      assertThat(browser.fitsWidth()).isTrue();
      assertThat(browser.text("#fig-received")).contains("6");
      assertThat(browser.text("#stats-range")).contains("gjithë koha");

      String today = (String) browser.js("return new Intl.DateTimeFormat('en-CA', {timeZone: 'Europe/Tirane'})"
          + ".format(new Date())");
      String tomorrow = java.time.LocalDate.parse(today).plusDays(1).toString();
      setDate(browser, "from", tomorrow);
      browser.click("#stats-filters button[type='submit']");
      browser.waitUntil("no request received from tomorrow on", () -> browser.text("#fig-received").startsWith("0"));
      assertThat(browser.text("#stats-range")).contains("Shfaqen: kërkesat e marra");
      assertThat(browser.all(".chart canvas")).hasSize(4);
      assertThat(browser.all("#stats-content a[href^='/api/stats.csv?from=']")).as("the CSV of the same range")
          .hasSize(1);

      setDate(browser, "from", today);
      setDate(browser, "to", today);
      browser.click("#stats-filters button[type='submit']");
      browser.waitUntil("today's six requests, the last day included",
          () -> browser.text("#fig-received").startsWith("6"));
      assertThat(clippedLabels(browser)).isEmpty();

      setDate(browser, "from", tomorrow);
      browser.click("#stats-filters button[type='submit']");
      assertThat(browser.text("#stats-errors .alert")).contains("Dita e fundit nuk mund të jetë para së parës");

      browser.click("#stats-filters button[type='reset']");
      browser.waitUntil("all time again", () -> browser.text("#stats-range").contains("gjithë koha"));
      assertThat(browser.text("#fig-received")).startsWith("6");
      assertThat(browser.consoleErrors()).isEmpty();
    }
  }

  private static void setDate(Browser browser, String name, String day) {
    browser.js("const input = document.querySelector(`#stats-filters [name='${arguments[0]}']`);"
        + "input.value = arguments[1]; input.dispatchEvent(new Event('change', {bubbles: true}))", name, day);
  }

  /**
   * Lines of the charts' category axes wider than the axis drawn for them, as the canvas measures them, and labels
   * taller than their row, which would run into the next one.
   */
  private static List<?> clippedLabels(Browser browser) {
    return (List<?>) browser.js("const out = [];"
        + "for (const canvas of document.querySelectorAll('canvas')) {"
        + "  const chart = Chart.getChart(canvas); const y = chart.scales.y;"
        + "  const font = Chart.helpers.toFont(y.options.ticks.font);"
        + "  const ctx = canvas.getContext('2d'); ctx.save(); ctx.font = font.string;"
        + "  for (const label of chart.data.labels) { const lines = [].concat(label);"
        + "    if (lines.length * font.lineHeight > y.height / chart.data.labels.length)"
        + "      out.push(canvas.id + ': too tall: ' + lines.join(' '));"
        + "    for (const line of lines) {"
        + "      if (ctx.measureText(line).width > y.width) out.push(canvas.id + ': ' + line); } }"
        + "  ctx.restore();"
        + "} return out;");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> chart(Map<String, Object> charts, String id) {
    return (Map<String, Object>) charts.get(id);
  }
}
