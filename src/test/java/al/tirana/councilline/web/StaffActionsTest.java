package al.tirana.councilline.web;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.support.Browser;
import al.tirana.councilline.support.RequestStates;
import al.tirana.councilline.support.StartedApp;
import al.tirana.councilline.support.TestApp;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@StartedApp
@DisplayName("In a real browser, the council's request page")
class StaffActionsTest {

  /** Every status a request can be in, a published success story included. */
  private static final List<String> STATES = RequestStates.STATES;
  /** An auditor reads every request and may act on none: shown no actions, as the API reports none. */
  private static final List<String> ROLES = List.of("STAFF", "COUNSELOR", "AUDITOR");

  @StartedApp.Node
  private static TestApp app;
  @StartedApp.Admin
  private static String admin;
  private static RequestStates states;
  private static Map<String, String> tokens;
  private static Map<String, Browser> browsers;
  private static String other;

  @BeforeAll
  static void given() throws Exception {
    states = RequestStates.council(app, "arta.hoxha@tirana.al");
    other = states.otherId();
    tokens = Map.of("STAFF", states.staffToken(), "COUNSELOR",
        app.createUser(admin, "arta", "COUNSELOR", states.memberId()),
        "AUDITOR", app.createUser(admin, "auditor", "AUDITOR", null));
    app.createUser(admin, "besa", "COUNSELOR", other);
    browsers = Map.of("STAFF", loggedIn("desk"), "COUNSELOR", loggedIn("arta"), "AUDITOR", loggedIn("auditor"));
  }

  private static Browser loggedIn(String username) throws Exception {
    Browser browser = Browser.open(app.baseUrl(), 1280, 900);
    browser.go("login").field("username", username).field("password", "password-of-" + username).click("#login");
    browser.waitFor("#inbox-count, #audit-events"); // an auditor starts on the log
    return browser;
  }

  /** Runs before the extension stops the node, so no page is left polling a node that is gone. */
  @AfterAll
  static void closeBrowsers() {
    if (browsers != null) {
      browsers.values().forEach(Browser::close);
    }
  }

  static Stream<Arguments> cases() {
    return ROLES.stream().flatMap(role -> STATES.stream().map(state -> Arguments.of(role, state)));
  }

  @ParameterizedTest(name = "{0} on a {1} request")
  @MethodSource("cases")
  @DisplayName("shows exactly the actions the API allows, and each one shown succeeds when used, with its outcome "
      + "next to it")
  void shownActionsAreTheAllowedOnes(String role, String state) {
    Browser browser = browsers.get(role);
    String number = states.inState(state).getString("number");
    List<String> allowed = app.get("/api/requests/" + number, tokens.get(role)).bodyAsJsonObject()
        .getJsonArray("allowedActions").getList();
    assertThat(shownActions(browser, number)).containsExactlyInAnyOrderElementsOf(allowed);

    for (String action : allowed) {
      String fresh = states.inState(state).getString("number");
      shownActions(browser, fresh);
      use(browser, action);
      String outcome = "#" + action + "-outcome";
      browser.waitFor(outcome + " .notice");
      assertThat(browser.all(outcome + " .alert")).as("%s is not refused", action).isEmpty();
      assertThat(browser.js("return document.activeElement.id")).as("the outcome of %s has the focus", action)
          .isEqualTo(action + "-outcome");
      assertThat(browser.js("return document.querySelector(arguments[0]).getAttribute('aria-live')", outcome))
          .isEqualTo("polite");
    }
    assertThat(browser.consoleErrors()).isEmpty();
  }

  @Test
  @DisplayName("tells a counselor a request is not theirs instead of showing blank fields and forms that can only fail")
  void notYours() throws Exception {
    String number = states.inState("SUBMITTED").getString("number");
    try (Browser besa = loggedIn("besa")) {
      besa.route("request/" + number);
      assertThat(besa.text("#not-yours")).contains("nuk ju është drejtuar");
      assertThat(besa.all("[data-action]").stream().filter(e -> e.isDisplayed()).toList()).isEmpty();
      assertThat(besa.all("#actions").stream().filter(e -> e.isDisplayed()).toList()).isEmpty();
    }
  }

  @Test
  @DisplayName("lets a counselor triage from the inbox (addressee, latest event, urgency in a colour of its own), "
      + "keeps what they just answered read, names the citizen in the timeline, and titles each tab by its page")
  void inboxAndTimeline() {
    Browser arta = browsers.get("COUNSELOR");
    String number = states.inState("SUBMITTED").getString("number");
    arta.route("inbox");
    String row = "#inbox li[data-number='" + number + "']";
    arta.waitFor(row);
    assertThat(arta.js("return document.title")).isEqualTo("Kutia hyrëse · CouncilLine · Këshilli Bashkiak i Tiranës");
    assertThat(arta.text(row)).contains("Komisioni i Parqeve").contains("E fundit:")
        .as("the subject, to triage without opening").contains("Youth centre in Kombinat");
    assertThat(app.get("/api/inbox", tokens.get("COUNSELOR")).bodyAsJsonObject().getJsonArray("items").stream()
        .map(JsonObject.class::cast).filter(i -> i.getString("number").equals(number)).findFirst().orElseThrow()
        .getString("subject")).isEqualTo("Youth centre in Kombinat");
    assertThat(arta.js("return getComputedStyle(document.querySelector(arguments[0])).backgroundColor",
        row + " .badge.urgent")).isNotEqualTo(arta.js("return getComputedStyle(document.querySelector('.badge.ON_TRACK, "
        + ".badge.AT_RISK, .badge.OVERDUE')).backgroundColor")).isNotEqualTo("rgb(164, 22, 26)");

    shownActions(arta, number);
    assertThat(arta.js("return document.title")).asString().startsWith("Kërkesa " + number + " · ");
    assertThat(arta.text("#timeline")).contains("Qytetar").contains("Elira Kolaj");
    use(arta, "respond");
    arta.waitFor("#respond-outcome .notice");
    arta.route("inbox");
    arta.waitUntil("the inbox shows the response", () -> arta.text(row).contains("Këshilli u përgjigj"));
    assertThat(arta.waitFor(row).getAttribute("class")).as("answered by arta herself, so not unread")
        .doesNotContain("unread");
  }

  /** Opens the request's page and waits for its actions to be decided; the visible ones, by name. */
  private static List<String> shownActions(Browser browser, String number) {
    browser.route("request/" + number);
    browser.waitUntil("the page shows " + number, () -> browser.text("h1").contains(number));
    // present, not necessarily visible: with no action allowed (an auditor's page) the section is empty
    browser.waitUntil("the actions of " + number + " are decided",
        () -> Boolean.TRUE.equals(browser.js("return document.querySelector('#actions[data-status]') !== null")));
    return browser.all("#actions [data-action]").stream().filter(e -> e.isDisplayed())
        .map(e -> e.getAttribute("data-action")).toList();
  }

  /** Fills in the action's form as a person would and sends it. */
  private static void use(Browser b, String action) {
    String form = "#" + action + "-form ";
    switch (action) {
      case "assign" -> b.choose("assignee", "counselorId:" + other);
      case "respond", "await-citizen" -> b.type(form + "[name='message']", "Cili stol?\nAi pranë portës.");
      case "refer" -> b.type(form + "[name='department']", "Drejtoria e Parqeve");
      case "invite" -> {
        b.js("document.querySelector(\"#invite-form [name='meetingAt']\").value = '2099-01-15T10:30'");
        b.type(form + "[name='place']", "Salla e Këshillit");
      }
      case "notes" -> b.type(form + "[name='text']", "U telefonua qytetari.");
      case "priority" -> b.choose("priority", "NORMAL");
      case "extend" -> {
        b.js("document.querySelector(\"#extend-form [name='dueAt']\").value = '2099-01-15T10:30'");
        b.type(form + "[name='reason']", "Pritet raporti.");
      }
      case "reject", "spam" -> b.type(form + "[name='reason']", "Nuk është çështje e Këshillit.");
      case "reopen" -> b.type(form + "[name='reason']", "Qytetari shkroi përsëri.");
      case "success-story" -> {
        b.type(form + "[name='title']", "Stoli u rregullua");
        b.type(form + "[name='summary']", "Brenda një jave.");
        b.click(form + "[name='citizenConsented']");
      }
      default -> { }
    }
    if (b.all("#" + action + "-form").isEmpty()) {
      b.click("#" + action);
    } else {
      b.click(form + "button[type='submit']");
    }
  }
}
