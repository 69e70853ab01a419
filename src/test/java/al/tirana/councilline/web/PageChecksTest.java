package al.tirana.councilline.web;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.support.Browser;
import al.tirana.councilline.support.RequestStates;
import al.tirana.councilline.support.StartedApp;
import al.tirana.councilline.support.TestApp;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What a person sees on every page, in the states the tests create, on a 360 px phone: no stray programming words
 * or untranslated keys in either language, nothing wider than the screen, and no serious or critical
 * accessibility violation by axe-core (vendored in web/vendor from the npm registry, never fetched).
 */
@StartedApp
@DisplayName("On a 360 px phone, in Albanian and in English, every page")
class PageChecksTest {

  /**
   * Words that mean the page printed a value it should not have, or a translation key instead of its text, in what
   * is visible (an event's raw JSON in a closed disclosure is not, and is data for auditors when opened).
   */
  private static final String STRAY = "return [...document.querySelectorAll('body *')]"
      + ".filter((e) => e.checkVisibility())"
      + ".flatMap((e) => [...e.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent))"
      + ".filter((text) => /\\b(null|undefined|NaN)\\b|\\[object|\\b(nav|footer|home|directory|submit|receipt|track"
      + "|countdown|private|live|login|inbox|request|action|feed|stats|stories|audit|admin|validation|error|common"
      + "|notFound|unit|app|duration|status|kind|priority|category|channel|role|event|sla|addresseeType|place)\\.[A-Za-z]/"
      + ".test(text))";

  private static final String AXE = "const done = arguments[arguments.length - 1];"
      + "axe.run(document, { resultTypes: ['violations'] }).then((r) => done(r.violations"
      + ".filter((v) => v.impact === 'serious' || v.impact === 'critical')"
      + ".map((v) => v.id + ': ' + v.help + ' at ' + v.nodes.map((n) => n.target.join(' ')).join(', '))))"
      + ".catch((e) => done(['axe failed: ' + e]))";

  @StartedApp.Node
  private static TestApp app;
  @StartedApp.Admin
  private static String admin;
  private static RequestStates states;
  private static String axe;
  private static String commission;

  @BeforeAll
  static void given() throws Exception {
    axe = Files.readString(Path.of("web/vendor/axe.min.js"));
    // a long official address, as long ones widened the directory on phones
    states = RequestStates.council(app, "arta.hoxha.keshilltare.e.komisionit.te.parqeve@bashkia-tirane.example.al");
    commission = states.commissionId();
    app.createUser(admin, "auditor", "AUDITOR", null);
    app.createUser(admin, "arta", "COUNSELOR", states.memberId());
  }

  /** Checks the page as it is now, in both languages; leaves it in Albanian. */
  private static void check(Browser browser, String what) {
    for (String language : List.of("sq", "en")) {
      assertThat((List<?>) browser.js(STRAY)).as("stray words on %s in %s", what, language).isEmpty();
      assertThat(((Number) browser.js("return document.documentElement.scrollWidth")).intValue())
          .as("width of %s in %s", what, language).isLessThanOrEqualTo(360);
      browser.click("#lang");
    }
    browser.js(axe);
    assertThat((List<?>) browser.driver().executeAsyncScript(AXE)).as("axe on %s", what).isEmpty();
  }

  private static Browser phone() throws Exception {
    return Browser.open(app.baseUrl(), 360, 740);
  }

  @Test
  @DisplayName("for the public: home, directory, feed, statistics, stories, the form (empty, refused, sent), "
      + "tracking (lookup, public, unknown number)")
  void publicPages() throws Exception {
    String number = states.inState("RESOLVED_STORY").getString("number");
    try (Browser b = phone()) {
      for (String page : List.of("", "directory", "feed", "stats", "stories", "track", "login")) {
        b.go(page);
        b.waitFor("main h1");
        check(b, "#/" + page);
      }
      b.go("stats");
      b.waitFor("#stats-range span");
      b.js("const f = document.getElementById('stats-filters'); f.elements.from.value = '2026-01-01';"
          + "f.elements.to.value = '2099-12-31'; f.requestSubmit()");
      b.waitUntil("a range of days shown", () -> b.text("#stats-range").contains("2099"));
      check(b, "statistics for a range of days");
      b.js("const f = document.getElementById('stats-filters'); f.elements.from.value = '2099-12-31';"
          + "f.elements.to.value = '2026-01-01'; f.requestSubmit()");
      b.waitFor("#stats-errors .alert");
      check(b, "statistics refusing a range that ends before it starts");

      b.go("track/" + number);
      b.waitFor(".status-line[data-state='live']");
      check(b, "the public tracking page");
      b.go("track/TR-2026-999999");
      b.waitFor("#unknown-number");
      check(b, "an unknown number");

      b.go("submit");
      b.waitFor("#send");
      check(b, "the empty form");
      b.field("location.lat", "91").click("#send");
      b.waitFor("[aria-invalid='true']");
      check(b, "the form with errors");
      b.choose("category", "YOUTH").choose("addressee.type", "COMMISSION").choose("addressee.id", commission)
          .field("subject", "Stoli në park").field("body", "Është thyer.\nPrej një muaji.")
          .field("citizen.firstName", "Elira").field("citizen.lastName", "Kola")
          .field("citizen.email", "elira.kola.qytetare.e.njesise.nr.nente@example-long-domain.al")
          .field("location.lat", "41.3275").field("location.long", "19.8187")
          .field("location.address", "Rruga Abdi Toptani, pranë hyrjes së Parkut Rinia").click("#send");
      b.waitFor("#receipt-number");
      check(b, "the receipt");
      b.click("#track-link");
      b.waitFor("#place");
      check(b, "the tracking page of a request with a place");
      assertThat(b.consoleErrors()).as("only the unknown number was not found")
          .allMatch(e -> e.contains("TR-2026-999999") && e.contains("404"));
    }
  }

  @Test
  @DisplayName("for a citizen with the access code: answered with the rating form, asked a question, refused, rated")
  void citizenStates() throws Exception {
    try (Browser b = phone()) {
      for (String state : List.of("RESPONDED", "AWAITING_CITIZEN", "WITHDRAWN")) {
        JsonObject receipt = states.inState(state);
        b.go("track/" + receipt.getString("number"));
        b.type("#code-form [name='code']", receipt.getString("accessCode")).click("#code-form button[type='submit']");
        b.waitFor("#private h3");
        check(b, "the private view of a " + state + " request");
        if (state.equals("RESPONDED")) {
          b.click("#rating-form button[type='submit']");
          b.waitFor("#private .alert");
          check(b, "a refused rating");
          b.click("#rating-form input[value='5']").click("#rating-form button[type='submit']");
          b.waitFor("#rating-given");
          check(b, "the rating given");
        }
      }
      b.go("track/" + states.inState("SUBMITTED").getString("number"));
      b.type("#code-form [name='code']", "WRONGCODE123").click("#code-form button[type='submit']");
      b.waitFor("#private .alert");
      check(b, "a wrong access code");
    }
  }

  @Test
  @DisplayName("for the council: the login refused, the inbox, the request page in several states and after an "
      + "action, the counselor's view of a request, the auditor's log, history and control room; screenshots of the "
      + "staff page")
  void councilPages() throws Exception {
    String closed = states.inState("CLOSED").getString("number");
    try (Browser b = phone()) {
      b.go("login").field("username", "desk").field("password", "wrong-password").click("#login");
      b.waitFor("#login-form .alert");
      check(b, "a refused login");
      b.field("password", "password-of-desk").click("#login");
      b.waitFor("#inbox-count");
      check(b, "the staff inbox");
      for (String state : List.of("SUBMITTED", "AWAITING_CITIZEN", "RESPONDED")) {
        b.route("request/" + states.inState(state).getString("number"));
        b.waitFor("#actions[data-status='" + state + "']");
        check(b, "the staff page of a " + state + " request");
      }
      // a long address once widened the staff page on phones
      String longEmail = app.submit(TestApp.submission("COMMISSION", commission).put("citizen", new JsonObject()
          .put("firstName", "Elira").put("lastName", "Kola")
          .put("email", "elira.kola.qytetare.e.njesise.administrative.nr.nente@example-long-domain.al"))
          .put("administrativeUnit", 4).put("location", new JsonObject().put("lat", 41.3275).put("long", 19.8187)
              .put("address", "Rruga Abdi Toptani, pranë hyrjes së Parkut Rinia")))
          .getString("number");
      b.route("request/" + longEmail);
      b.waitFor("#actions[data-status='SUBMITTED']");
      assertThat(b.text("main")).contains("elira.kola.qytetare");
      assertThat(b.text("#place")).contains("gjerësia 41.3275");
      check(b, "the staff page of a request from a long email address and a place");
      b.route("request/" + closed);
      b.waitFor("#actions[data-status='CLOSED']");
      b.screenshot("request-staff-sq");
      b.click("#lang");
      b.screenshot("request-staff-en");
      b.click("#lang");
      b.click("#reopen-form button[type='submit']");
      b.waitFor("#reopen-outcome .notice");
      check(b, "the outcome of an action");
      b.click("#logout");
      b.waitFor("#account a[href='#/login']");
      b.waitUntil("the home page after logging out", () -> b.js("return location.hash").equals("#/"));

      b.logIn("arta", "password-of-arta");
      b.waitFor("#inbox li[data-number='" + longEmail + "'] .place");
      check(b, "the counselor's inbox, a request with a place in it");
      b.route("request/" + closed);
      b.waitFor("#actions[data-status]");
      check(b, "the counselor's request page");
      b.click("#logout");
      b.waitFor("#account a[href='#/login']");
      b.waitUntil("the home page after logging out", () -> b.js("return location.hash").equals("#/"));

      b.go("login").field("username", "auditor").field("password", "password-of-auditor").click("#login");
      b.waitFor("#audit-events tr");
      check(b, "the audit log");
      b.route("audit/" + closed);
      b.waitFor("#as-of-state .badge");
      check(b, "a request's history");
      b.route("inbox");
      b.waitFor("#inbox-count");
      check(b, "the auditor's inbox");
      b.route("ops");
      b.waitFor("#tile-7");
      check(b, "the control room");
      assertThat(b.all("a.button[href='#/submit']")).as("the auditor is not offered to register a request").isEmpty();
    }
  }

  @Test
  @DisplayName("for the administrator: the administration page")
  void adminPage() throws Exception {
    try (Browser b = phone()) {
      b.logIn("admin", TestApp.ADMIN_PASSWORD);
      b.route("admin");
      b.waitFor("#admin-account-list");
      check(b, "the administration page");
      assertThat(b.js("return [...document.querySelectorAll('main table')].filter((t) => !t.closest('.scroll'))"
          + ".length")).as("tables outside a box that scrolls sideways").isEqualTo(0L);
      assertThat(b.js("return document.querySelectorAll('main .scroll > table').length")).isEqualTo(4L);
    }
  }
}
