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

  @StartedApp.Node
  private static TestApp app;
  @StartedApp.Admin
  private static String admin;
  private static String youth;
  private static String counselor;

  @BeforeAll
  static void given() throws Exception {
    youth = app.createCommission(admin, "Komisioni i Rinisë");
    String finance = app.createCommission(admin, "Komisioni i Financave");
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
      assertThat(browser.text(item)).contains("Kërkesa u dërgua").contains(number);
      assertThat(browser.all("#feed li").get(0).getAttribute("data-number")).as("newest first").isEqualTo(number);
      assertThat(browser.text("#feed")).as("no personal data in the public feed").doesNotContain("Elira")
          .doesNotContain("Kolaj").doesNotContain("elira.kolaj@example.al");
      assertThat(browser.consoleErrors()).isEmpty();
    }
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
          + "  out[canvas.id] = {labels: chart.data.labels, received: chart.data.datasets[0].data,"
          + "    series: chart.data.datasets.map(d => d.label), painted: painted};"
          + "} return out;");
      assertThat(charts).containsOnlyKeys("chart-commission", "chart-counselor", "chart-category", "chart-unit");
      assertThat(chart(charts, "chart-commission").get("labels"))
          .isEqualTo(List.of("Komisioni i Rinisë", "Komisioni i Financave"));
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
      List<Object> englishLabels = (List<Object>) browser.js(
          "return Chart.getChart(document.getElementById('chart-category')).data.labels");
      assertThat(englishLabels).asList().containsExactlyInAnyOrder("Youth", "Finance", "Transport");
      browser.click("#lang");

      Path shot = browser.screenshot("statistics");
      assertThat(Files.size(shot)).isGreaterThan(10_000L);
      assertThat(browser.consoleErrors()).isEmpty();
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> chart(Map<String, Object> charts, String id) {
    return (Map<String, Object>) charts.get(id);
  }
}
