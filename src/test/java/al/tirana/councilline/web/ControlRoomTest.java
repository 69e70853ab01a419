package al.tirana.councilline.web;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.support.Await;
import al.tirana.councilline.support.Browser;
import al.tirana.councilline.support.StartedApp;
import al.tirana.councilline.support.TestApp;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("In a real browser, the control room")
class ControlRoomTest {

  @Test
  @DisplayName("shows a submission for unit 7 on its tile without a reload, turns the tile overdue and lists the "
      + "breach when the deadline passes, and switches language")
  // an urgent request is at risk after 10 s and overdue after 15 s
  void liveTiles(@StartedApp.Fresh(settings = "SLA_URGENT=PT15S") TestApp app, @StartedApp.Admin String admin,
      @StartedApp.Commission("Komisioni i Rinisë") String commission) throws Exception {
    String staff = app.createUser(admin, "desk.seven", "STAFF", null);
    try (Browser browser = Browser.open(app.baseUrl(), 1920, 1080)) {
      browser.go("login").field("username", "desk.seven").field("password", "password-of-desk.seven")
          .click("#login");
      browser.waitFor("#inbox-count");
      browser.click("nav a[href='#/ops']");
      browser.waitFor("#tile-7");
      assertThat(browser.text("h1")).isEqualTo("Salla e kontrollit");
      assertThat(browser.text("#tile-7 dd.open")).isEqualTo("0");
      assertThat(browser.all(".ops-tile")).hasSize(25);
      browser.markPage();

      JsonObject desk = TestApp.submission("COMMISSION", commission).put("channel", "DESK")
          .put("administrativeUnit", 7);
      String number = app.post("/api/requests", staff, desk).bodyAsJsonObject().getString("number");
      browser.waitUntil("tile 7 counts the new request", () -> "1".equals(browser.text("#tile-7 dd.open")));
      assertThat(browser.text("#tile-7 dd.received")).isEqualTo("1");
      assertThat(browser.text("#tile-3 dd.open")).isEqualTo("0");

      // the 15 s deadline plus a redraw: longer than the browser's own patience, so a wait of its own
      Await.until("the deadline passes: tile 7 is overdue and the breach is in the ticker", Duration.ofSeconds(90),
          () ->
          // read in the page in one step: the tiles are drawn anew on every change, so a found element can go stale
          Boolean.TRUE.equals(browser.js("const tile = document.querySelector('#tile-7');"
              + " return tile !== null && tile.dataset.worst === 'OVERDUE'"
              + " && document.querySelector(\"#ops-ticker li[data-number='\" + arguments[0] + \"']\") !== null;",
              number)));
      assertThat(browser.text("#tile-7 dd.overdue")).isEqualTo("1");
      assertThat(browser.text("#ops-ticker")).contains(number).contains("Afati kaloi");
      assertThat(browser.text("#ops-oldest")).contains(number);
      assertThat(browser.text("#ops-commissions")).contains("Komisioni i Rinisë");

      browser.click("#lang");
      browser.waitUntil("the page is in English", () -> browser.text("h1").equals("Control room"));
      assertThat(browser.text("#tile-7")).contains("Unit 7").contains("Overdue");
      assertThat(browser.text("#tile-0")).contains("Central");
      assertThat(browser.samePage()).as("the page was never reloaded").isTrue();
      browser.screenshot("ops");

      // the tile opens the inbox of its unit
      browser.click("#tile-7 a");
      browser.waitUntil("the inbox lists the unit's request",
          () -> browser.all("#inbox li[data-number]").size() == 1
              && browser.text("#inbox").contains(number));
      assertThat(browser.consoleErrors()).isEmpty();
    }
  }
}
