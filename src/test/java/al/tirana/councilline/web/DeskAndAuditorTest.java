package al.tirana.councilline.web;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.support.Browser;
import al.tirana.councilline.support.StartedApp;
import al.tirana.councilline.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@StartedApp
@DisplayName("In a real browser, desk staff and an auditor")
class DeskAndAuditorTest {

  @StartedApp.Node
  private static TestApp app;
  @StartedApp.Admin
  private static String admin;
  private static String counselorId;

  @BeforeAll
  static void given() throws Exception {
    String commission = app.createCommission(admin, "Komisioni i Mjedisit");
    counselorId = app.createCounselor(admin, "Besa Leka", "besa.leka@tirana.al", commission);
    app.createUser(admin, "desk.nine", "STAFF", null);
    app.createUser(admin, "auditor", "AUDITOR", null);
  }

  @Test
  @DisplayName("register a request for a citizen with their unit preselected, assign it, extend it with a reason, "
      + "and the auditor walks its history and verifies the chain")
  void deskThenAudit() throws Exception {
    String number;
    try (Browser desk = Browser.open(app.baseUrl(), 1280, 1000)) {
      desk.logIn("desk.nine", "password-of-desk.nine");
      desk.route("submit?unit=9");
      desk.waitFor("[name='administrativeUnit']");
      assertThat(desk.waitFor("[name='administrativeUnit']").getAttribute("value")).isEqualTo("9");
      desk.choose("category", "ENVIRONMENT").choose("addressee.type", "COMMISSION")
          .choose("addressee.id", firstCommission())
          .field("subject", "Mbetjet në lumin e Lanës").field("body", "Qytetari erdhi në sportel për mbetjet.")
          .field("citizen.firstName", "Agim").field("citizen.lastName", "Shehu").field("citizen.phone", "+355 68 111 2222")
          .click("#send");
      number = desk.text("#receipt-number");
      assertThat(app.count("SELECT count(*) FROM request_view WHERE number = ? AND channel = 'DESK' "
          + "AND administrative_unit = 9", number)).isEqualTo(1);

      // the next registration at this desk starts from the same unit
      desk.click("a[href^='#/submit?again']");
      assertThat(desk.waitFor("[name='administrativeUnit']").getAttribute("value")).isEqualTo("9");

      desk.route("request/" + number);
      desk.waitFor("#assign-form");
      desk.choose("assignee", "counselorId:" + counselorId).click("#assign-form button[type='submit']");
      desk.waitUntil("the assignment shows", () -> desk.text("#timeline").contains("Kërkesa u caktua"));

      // a date-time picker's typing order depends on the browser's locale; its value format does not
      desk.js("document.querySelector(\"#extend-form [name='dueAt']\").value = '2099-01-15T10:30'");
      desk.type("#extend-form [name='reason']", "Pritet raporti i drejtorisë së mjedisit.")
          .click("#extend-form button[type='submit']");
      desk.waitUntil("the extension shows", () -> desk.text("#timeline").contains("Afati u zgjat"));
      assertThat(desk.text("#due")).contains("15 janar 2099, 10:30");
      assertThat(desk.consoleErrors()).isEmpty();
    }

    try (Browser auditor = Browser.open(app.baseUrl(), 1280, 1000)) {
      auditor.go("login").field("username", "auditor").field("password", "password-of-auditor").click("#login");
      auditor.waitFor("#audit-events");
      // each filter in a cell of its own, its input inside it: date-time pickers once spilled over their neighbours
      assertThat((List<?>) auditor.js("const cells = [...document.querySelectorAll('#audit-filters > *')]"
          + ".map((c) => [c, c.getBoundingClientRect()]); const out = [];"
          + "cells.forEach(([c, r], i) => { cells.slice(i + 1).forEach(([d, s]) => {"
          + "  if (r.left < s.right - 1 && s.left < r.right - 1 && r.top < s.bottom - 1 && s.top < r.bottom - 1)"
          + "    out.push(c.dataset.field + ' overlaps ' + d.dataset.field); });"
          + "  c.querySelectorAll('input, select').forEach((input) => { const q = input.getBoundingClientRect();"
          + "    if (q.left < r.left - 1 || q.right > r.right + 1) out.push(c.dataset.field + ' spills'); }); });"
          + "return out;")).as("audit filters at 1280 px").isEmpty();
      auditor.field("number", number).click("#audit-filters button[type='submit']");
      auditor.waitUntil("only that request's events are listed", () -> auditor.all("#audit-events tr").size() > 1
          && auditor.all("#audit-events td:nth-child(4)").stream().allMatch(td -> td.getText().equals(number)));

      auditor.click("#audit-events a[href='#/audit/" + number + "']");
      auditor.waitFor("#as-of-state .badge");
      long events = ((Number) auditor.js("return Number(document.getElementById('as-of').max) + 1")).longValue();
      assertThat(events).isGreaterThanOrEqualTo(4);
      assertThat(auditor.text("#as-of-state")).contains("Afati u zgjat");
      auditor.js("const s = document.getElementById('as-of'); s.value = '0'; s.dispatchEvent(new Event('input'))");
      auditor.waitUntil("the first moment shows only the submission",
          () -> !auditor.text("#as-of-state").contains("Kërkesa u caktua"));
      assertThat(auditor.text("#as-of-state")).contains("Kërkesa u dërgua").contains("Dërguar");
      // the label counts the events the state shown holds, as the figure below it does, and times to the second
      String label = auditor.text("#as-of-label");
      assertThat(label).matches("Pas ngjarjes \\d+ nga " + events + " · .*\\d{2}:\\d{2}:\\d{2}$");
      String counted = label.replaceAll("^Pas ngjarjes (\\d+) nga .*$", "$1");
      assertThat(auditor.text("#as-of-state dl")).contains("Ngjarje deri atëherë\n" + counted);

      auditor.route("audit");
      auditor.waitFor("#audit-events tr");
      assertThat(auditor.all("#audit-more").get(0).isDisplayed()).as("no more events to show, no 'more' button")
          .isFalse();
      assertThat(auditor.text("#audit-events td:nth-child(2)")).matches(".*\\d{2}:\\d{2}:\\d{2}$");
      auditor.click("#verify");
      auditor.waitFor("#verify-result [data-status='OK']");
      assertThat(auditor.text("#verify-result")).contains("Zinxhiri është i paprekur");
      assertThat(auditor.consoleErrors()).isEmpty();
    }
  }

  private static String firstCommission() {
    return app.get("/api/commissions", null).bodyAsJsonArray().getJsonObject(0).getString("id");
  }
}
