package al.tirana.councilline.web;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.support.Browser;
import al.tirana.councilline.support.RequestStates;
import al.tirana.councilline.support.StartedApp;
import al.tirana.councilline.support.TestApp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Rectangle;

@StartedApp
@DisplayName("In a real browser on a 360 px phone, a citizen")
class CitizenFlowsTest {

  @StartedApp.Node
  private static TestApp app;
  private static RequestStates states;

  @BeforeAll
  static void given() throws Exception {
    states = RequestStates.council(app, "arta.hoxha@tirana.al");
  }

  private static Browser unlocked(Browser citizen, JsonObject receipt) {
    citizen.go("track/" + receipt.getString("number"));
    citizen.type("#code-form [name='code']", receipt.getString("accessCode")).click("#code-form button[type='submit']");
    citizen.waitFor("#private h3");
    return citizen;
  }

  @Test
  @DisplayName("tracks a request: no stray 'null', a countdown without zero parts, the council's answer with its line "
      + "breaks, in Albanian and in English")
  void tracking() throws Exception {
    JsonObject receipt = states.inState("RESPONDED");
    try (Browser citizen = Browser.open(app.baseUrl(), 360, 740)) {
      unlocked(citizen, receipt);
      citizen.waitFor(".status-line[data-state='live']");
      assertThat(citizen.text("#summary")).doesNotContain("null");
      assertThat(citizen.text("#countdown")).isEqualTo("Këshilli është përgjigjur");
      assertThat(citizen.text("#responses .detail")).isEqualTo("We will repair it.\nThe works start on Monday.");
      citizen.screenshot("track-sq");
      citizen.click("#lang");
      assertThat(citizen.text("#countdown")).isEqualTo("The council has answered");
      citizen.screenshot("track-en");
    }
    JsonObject fresh = states.inState("SUBMITTED");
    try (Browser citizen = Browser.open(app.baseUrl(), 360, 740)) {
      citizen.go("track/" + fresh.getString("number"));
      assertThat(citizen.text("#countdown")).matches("Mbeten 2 ditë, 23 orë dhe 5\\d minuta");
      assertThat(citizen.text("#summary")).doesNotContain("null");
    }
  }

  @Test
  @DisplayName("reads counts and durations in proper plural forms, with the zero parts left out")
  void plurals() throws Exception {
    try (Browser citizen = Browser.open(app.baseUrl(), 360, 740)) {
      citizen.go("");
      String script = "const done = arguments[arguments.length - 1];"
          + "import('/js/i18n.js').then((i) => { const out = [];"
          + " for (const lang of ['sq', 'en']) { i.setLanguage(lang);"
          + "  out.push(i.t('countdown.left', { time: i.durationParts(1) }), i.t('countdown.left', { time: i.durationParts(1440) }),"
          + "   i.t('countdown.overdue', { time: i.durationParts(2 * 1440 + 61) }), i.t('inbox.count', { count: 1 }),"
          + "   i.t('inbox.count', { count: 3 }), i.t('submit.fix', { count: 1 }), i.t('submit.fix', { count: 2 })); }"
          + " done(out.join('|')); })";
      assertThat((String) citizen.driver().executeAsyncScript(script)).isEqualTo(String.join("|",
          "Mbeten 1 minutë", "Mbeten 1 ditë", "Me vonesë: 2 ditë, 1 orë dhe 1 minutë", "1 kërkesë", "3 kërkesa",
          "Korrigjoni fushën e shënuar më poshtë.", "Korrigjoni 2 fushat e shënuara më poshtë.",
          "1 minute left", "1 day left", "Overdue by 2 days, 1 hour and 1 minute", "1 request", "3 requests",
          "Correct the field marked below.", "Correct the 2 fields marked below."));
    }
  }

  @Test
  @DisplayName("answers the council's question with the question beside the box, and sees the answer confirmed")
  void answer() throws Exception {
    JsonObject receipt = states.inState("AWAITING_CITIZEN");
    try (Browser citizen = Browser.open(app.baseUrl(), 360, 740)) {
      unlocked(citizen, receipt);
      assertThat(citizen.text("#answer-form #question")).contains("Which bench is it?");
      assertThat(citizen.text("#countdown")).isEqualTo("Ora është ndalur: pritet përgjigjja juaj");
      citizen.type("#answer-form [name='message']", "Ai pranë portës.\nI dyti.").click("#answer-form button[type='submit']");
      citizen.waitFor("#private-outcome .notice");
      assertThat(citizen.text("#private-outcome")).contains("Përgjigjja juaj iu dërgua Këshillit")
          .contains("Ai pranë portës.\nI dyti.");
      assertThat(citizen.js("return document.activeElement.id")).isEqualTo("private-outcome");
      assertThat(citizen.all("#answer-form")).isEmpty();
      assertThat(citizen.text("#countdown")).startsWith("Mbeten");
      assertThat(citizen.consoleErrors()).isEmpty();
    }
  }

  @Test
  @DisplayName("rates an answer with radio buttons beside their labels, and then sees the rating given instead of "
      + "the form; screenshots in both languages")
  void rating() throws Exception {
    JsonObject receipt = states.inState("RESPONDED");
    try (Browser citizen = Browser.open(app.baseUrl(), 360, 740)) {
      unlocked(citizen, receipt);
      Rectangle radio = citizen.waitFor("#rating-form input[value='4']").getRect();
      Rectangle label = citizen.waitFor("#rating-form input[value='4'] + span").getRect();
      assertThat(radio.getWidth()).isLessThanOrEqualTo(24);
      assertThat(radio.getHeight()).isLessThanOrEqualTo(24);
      assertThat(Math.abs((radio.getY() + radio.getHeight() / 2) - (label.getY() + label.getHeight() / 2)))
          .as("the radio button sits on its label's line").isLessThanOrEqualTo(4);
      assertThat(label.getX() - (radio.getX() + radio.getWidth())).as("next to its label").isBetween(0, 12);
      citizen.js("document.getElementById('rating-form').scrollIntoView()");
      citizen.screenshot("rating-sq");
      citizen.click("#lang");
      citizen.js("document.getElementById('rating-form').scrollIntoView()");
      citizen.screenshot("rating-en");
      citizen.click("#lang");
      citizen.click("#rating-form input[value='4']").type("#rating-form [name='comment']", "Shpejt.")
          .click("#rating-form button[type='submit']");
      citizen.waitFor("#private-outcome .notice");
      assertThat(citizen.text("#private-outcome")).isEqualTo("Faleminderit për vlerësimin.");
      assertThat(citizen.text("#rating-given")).isEqualTo("Përgjigjen e fundit e vlerësuat me 4 nga 5.");
      assertThat(citizen.all("#rating-form")).isEmpty();
      assertThat(citizen.consoleErrors()).isEmpty();
    }
  }

  @Test
  @DisplayName("withdraws a request and is told so, and the countdown says it was withdrawn")
  void withdraw() throws Exception {
    JsonObject receipt = states.inState("SUBMITTED");
    try (Browser citizen = Browser.open(app.baseUrl(), 360, 740)) {
      unlocked(citizen, receipt);
      citizen.js("window.confirm = () => true");
      citizen.click("#withdraw");
      citizen.waitFor("#private-outcome .notice");
      assertThat(citizen.text("#private-outcome")).startsWith("E tërhoqët kërkesën.");
      assertThat(citizen.text("#countdown")).isEqualTo("E tërhoqët kërkesën");
      assertThat(citizen.all("#withdraw")).isEmpty();
    }
  }

  @Test
  @DisplayName("looking up an unknown number is told what a number looks like, and the page does not keep retrying")
  void unknownNumber() throws Exception {
    try (Browser citizen = Browser.open(app.baseUrl(), 360, 740)) {
      citizen.go("directory");
      citizen.js("window.__streams = 0; const Real = window.EventSource;"
          + "window.EventSource = function (url) { window.__streams++; return new Real(url); };");
      citizen.route("track/TR-2026-999999");
      assertThat(citizen.text("#unknown-number")).contains("Nuk ka kërkesë me numrin TR-2026-999999")
          .contains("TR-2026-000123");
      assertThat(citizen.all("h2").stream().filter(e -> e.isDisplayed()).toList()).isEmpty();
      assertThat(citizen.js("return window.__streams")).isEqualTo(0L);
    }
  }

  @Test
  @DisplayName("meets refusals in the page's language, from their code and details, each said once")
  void refusals() throws Exception {
    try (Browser citizen = Browser.open(app.baseUrl(), 360, 740)) {
      citizen.go("");
      String script = "const done = arguments[arguments.length - 1];"
          + "Promise.all([import('/js/ui.js'), import('/js/api.js')]).then(([ui, api]) => { const box = document.createElement('div');"
          + " document.querySelector('main').append(box); const out = [];"
          + " for (const [status, body] of arguments[0]) { ui.showError(box, new api.ApiError(status, body)); out.push(box.innerText); }"
          + " done(out); })";
      java.util.List<Object> cases = java.util.List.of(
          java.util.List.of(422, java.util.Map.of("error", "INACTIVE_COMMISSION", "message", "commission c1 is not active")),
          java.util.List.of(400, java.util.Map.of("error", "VALIDATION_FAILED", "message", "Validation failed",
              "details", java.util.List.of(java.util.Map.of("field", "/password", "problem", "String is too short (6 < 12)")))),
          java.util.List.of(400, java.util.Map.of("error", "INVALID_CALENDAR", "message", "Cannot read the date in 'X'",
              "details", java.util.List.of(java.util.Map.of("field", "body", "problem", "Cannot read the date in 'X'")))),
          java.util.List.of(418, java.util.Map.of("error", "SOMETHING_NEW", "message", "An English sentence")));
      @SuppressWarnings("unchecked")
      java.util.List<String> shown = (java.util.List<String>) citizen.driver().executeAsyncScript(script, cases);
      assertThat(shown).containsExactly("Ky komision nuk është aktiv. Zgjidhni një tjetër.",
          "Disa fusha nuk janë të sakta.\n\nTë paktën 12 shenja.",
          "Skedari nuk është një kalendar iCalendar që mund të lexohet.\n\nData në “X” nuk lexohet.",
          "Diçka nuk shkoi. Provoni përsëri.");
    }
  }

  @Test
  @DisplayName("gets a receipt whose number stays on one line, with copy buttons, an accurate note on the code, and "
      + "a print layout with only the receipt")
  void receipt() throws Exception {
    String commission = app.get("/api/commissions", null).bodyAsJsonArray().getJsonObject(0).getString("id");
    try (Browser citizen = Browser.open(app.baseUrl(), 360, 740)) {
      citizen.go("submit");
      citizen.choose("category", "YOUTH").choose("addressee.type", "COMMISSION").choose("addressee.id", commission)
          .field("subject", "Stoli në park").field("body", "Është thyer.")
          .field("citizen.firstName", "Elira").field("citizen.lastName", "Kola")
          .field("citizen.email", "elira.kola@example.al").click("#send");
      org.openqa.selenium.WebElement number = citizen.waitFor("#receipt-number");
      double lineHeight = Double.parseDouble(((String) citizen.js(
          "return getComputedStyle(document.getElementById('receipt-number')).lineHeight")).replace("px", ""));
      assertThat(number.getRect().getHeight()).as("one line").isLessThan((int) (1.5 * lineHeight));
      assertThat(citizen.text("#receipt")).doesNotContain("vetëm tani").contains("konfirmimi që ju dërguam");
      citizen.click("#receipt-number-copy");
      citizen.waitUntil("the copy is reported", () -> !citizen.text("#receipt-number-copied").isEmpty());
      citizen.driver().executeCdpCommand("Emulation.setEmulatedMedia", java.util.Map.of("media", "print"));
      assertThat(citizen.waitFor("#receipt-number").isDisplayed()).isTrue();
      assertThat(citizen.all("header.top").get(0).isDisplayed()).isFalse();
      assertThat(citizen.all("#receipt-number-copy").get(0).isDisplayed()).isFalse();
    }
  }

  @Test
  @DisplayName("may say where the request is about: an address, a unit and a point from \"Use my location\"; half a "
      + "point or one out of range is stopped in the form with the reason; the tracking page and the desk's request "
      + "page then show the place")
  void whereItIsAbout() throws Exception {
    String commission = app.get("/api/commissions", null).bodyAsJsonArray().getJsonObject(0).getString("id");
    String number;
    try (Browser citizen = Browser.open(app.baseUrl(), 360, 740)) {
      // the device's position, as its location service would give it (nothing is asked of a real one)
      citizen.driver().executeCdpCommand("Browser.grantPermissions", java.util.Map.of("origin", app.baseUrl(),
          "permissions", java.util.List.of("geolocation")));
      citizen.driver().executeCdpCommand("Emulation.setGeolocationOverride", java.util.Map.of("latitude",
          41.3275049, "longitude", 19.8187, "accuracy", 12));
      citizen.go("submit");
      citizen.choose("category", "URBAN_PLANNING").choose("addressee.type", "COMMISSION")
          .choose("addressee.id", commission).field("subject", "Trotuari").field("body", "Është shembur.")
          .field("location.address", "Rruga e Durrësit 5").choose("administrativeUnit", "3")
          .field("citizen.firstName", "Elira").field("citizen.lastName", "Kola")
          .field("citizen.email", "elira.kola@example.al");
      assertThat(citizen.js("return document.querySelector(\"[name='location.lat']\").labels[0].textContent"))
          .isEqualTo("Gjerësia gjeografike");

      citizen.field("location.lat", "41.3275").click("#send");
      assertThat(citizen.text("[data-field='location.long'] .error"))
          .isEqualTo("Jepni edhe gjerësinë edhe gjatësinë, ose asnjërën.");
      citizen.field("location.long", "190");
      assertThat(citizen.waitFor("[data-field='location.long'] .error").getAttribute("data-i18n"))
          .isEqualTo("validation.range");
      citizen.field("location.long", "19,8").field("location.lat", "abc").click("#send");
      citizen.waitUntil("the send refused, the first field in error focused", () -> "location.lat".equals(
          citizen.js("return document.activeElement.name")) && !citizen.all("#form-errors [role='alert']").isEmpty());
      assertThat(citizen.text("[data-field='location.lat'] .error"))
          .isEqualTo("Një numër në gradë dhjetore, si 41.3275.");
      assertThat(citizen.all("#receipt")).as("nothing was sent").isEmpty();
      assertThat(citizen.all("#send").get(0).isEnabled()).as("no send under way").isTrue();

      citizen.click("#locate");
      citizen.waitUntil("the location filled in", () -> "41.32750".equals(citizen.js(
          "return document.querySelector(\"[name='location.lat']\").value")));
      assertThat(citizen.js("return document.querySelector(\"[name='location.long']\").value"))
          .as("rounded to 5 decimals, about a metre").isEqualTo("19.81870");
      assertThat(citizen.text("#locate-status")).contains("12 m");
      assertThat(citizen.all("[aria-invalid='true']")).as("the errors are gone once corrected").isEmpty();
      citizen.click("#send");
      number = citizen.waitFor("#receipt-number").getText();
      JsonObject view = app.get("/api/requests/" + number, null).bodyAsJsonObject();
      assertThat(view.getJsonObject("location")).isEqualTo(new JsonObject().put("lat", 41.3275)
          .put("long", 19.8187).put("address", "Rruga e Durrësit 5"));
      assertThat(view.getInteger("administrativeUnit")).isEqualTo(3);

      citizen.click("#track-link");
      assertThat(citizen.text("#place")).isEqualTo("Rruga e Durrësit 5 · Njësia 3 · gjerësia 41.3275, gjatësia 19.8187");
      citizen.click("#lang");
      assertThat(citizen.text("#place")).isEqualTo("Rruga e Durrësit 5 · Unit 3 · latitude 41.3275, longitude 19.8187");
      assertThat(citizen.consoleErrors()).isEmpty();
    }
    try (Browser desk = Browser.open(app.baseUrl(), 1280, 900)) {
      desk.logIn("desk", "password-of-desk").route("request/" + number);
      assertThat(desk.text("#details #place"))
          .isEqualTo("Rruga e Durrësit 5 · Njësia 3 · gjerësia 41.3275, gjatësia 19.8187");
    }
  }

  @Test
  @DisplayName("whose browser is not allowed to give the location is told to type the coordinates, keeps the button "
      + "focused and usable, and, once allowed, gets both coordinates filled in without a \"give both\" alert between")
  void locationDenied() throws Exception {
    try (Browser citizen = Browser.open(app.baseUrl(), 360, 740)) {
      citizen.go("submit");
      citizen.click("#send"); // from now on each field is checked as it changes, the point's two included
      citizen.waitFor("#form-errors [role='alert']");
      geolocation(citizen, "denied");
      citizen.click("#locate");
      assertThat(citizen.waitFor("#locate-status [data-i18n='submit.locateDenied']").getText())
          .isEqualTo("Shfletuesit nuk iu lejua të japë vendndodhjen tuaj. Shkruani koordinatat.");
      assertThat(citizen.all("#locate").get(0).getAttribute("aria-disabled")).isEqualTo("false");
      assertThat(citizen.js("return document.activeElement.id")).as("the focus stays on the button")
          .isEqualTo("locate");

      geolocation(citizen, "granted");
      citizen.driver().executeCdpCommand("Emulation.setGeolocationOverride", java.util.Map.of("latitude",
          41.3275123, "longitude", 19.8187456, "accuracy", 30));
      // every text the point's fields show, however briefly (the records keep what was added and taken out again)
      citizen.js("window.bothAlerts = 0; new MutationObserver((records) => records.forEach((r) => r.addedNodes"
          + ".forEach((n) => { if (n.textContent.includes('Jepni edhe gjerësinë')) window.bothAlerts++; })))"
          + ".observe(document.getElementById('point'), { childList: true, subtree: true });");
      citizen.click("#locate");
      citizen.waitFor("#locate-status [data-i18n='submit.located']");
      assertThat(citizen.js("return [document.querySelector(\"[name='location.lat']\").value, "
          + "document.querySelector(\"[name='location.long']\").value]"))
          .isEqualTo(java.util.List.of("41.32751", "19.81875"));
      assertThat(citizen.js("return window.bothAlerts")).as("no \"give both\" alert while filling in").isEqualTo(0L);
      assertThat(citizen.all("#point [aria-invalid='true']")).isEmpty();
    }
  }

  @Test
  @DisplayName("whose browser never answers for the location (a permission prompt dismissed) gets the button back with "
      + "the failure explained, and a late answer changes nothing")
  void locationNeverAnswered() throws Exception {
    // as some browsers do when the prompt is dismissed: neither callback is ever called; the answer is kept so the
    // test can give it late. The page's 25 s watchdog is made to run out after 3 s, as if the time had passed:
    // the only timer of the form that long
    try (Browser citizen = formWith("Geolocation.prototype.getCurrentPosition = function (ok) { "
        + "window.lateAnswer = ok; }; const later = window.setTimeout; "
        + "window.setTimeout = (f, ms, ...rest) => later(f, ms === 25000 ? 3000 : ms, ...rest);")) {
      citizen.click("#locate");
      assertThat(citizen.text("#locate-status")).isEqualTo("Po gjendet vendndodhja juaj…");
      assertThat(citizen.all("#locate").get(0).getAttribute("aria-busy")).isEqualTo("true");
      new org.openqa.selenium.support.ui.WebDriverWait(citizen.driver(), java.time.Duration.ofSeconds(40))
          .withMessage("the page gives up waiting for the location")
          .until(d -> !citizen.all("#locate-status [data-i18n='submit.locateFailed']").isEmpty());
      assertThat(citizen.all("#locate").get(0).getAttribute("aria-disabled")).isEqualTo("false");
      assertThat(citizen.js("return document.activeElement.id")).isEqualTo("locate");
      citizen.js("window.lateAnswer({ coords: { latitude: 41.3, longitude: 19.8, accuracy: 5 } });");
      assertThat(citizen.js("return document.querySelector(\"[name='location.lat']\").value"))
          .as("the answer to a click already given up is ignored").isEqualTo("");
      assertThat(citizen.all("#locate-status [data-i18n='submit.locateFailed']")).hasSize(1);
    }
  }

  /** The form on a phone, in a browser that runs the script before each page's own. */
  private static Browser formWith(String script) throws java.io.IOException {
    Browser citizen = Browser.open(app.baseUrl(), 360, 740);
    try {
      citizen.driver().executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", java.util.Map.of("source", script));
      return citizen.go("submit");
    } catch (RuntimeException e) {
      citizen.close(); // the caller never gets it to close
      throw e;
    }
  }

  /** The page's geolocation permission, as the citizen's answer to the browser's prompt would set it. */
  private static void geolocation(Browser browser, String setting) {
    browser.driver().executeCdpCommand("Browser.setPermission", java.util.Map.of("origin", app.baseUrl(),
        "permission", java.util.Map.of("name", "geolocation"), "setting", setting));
  }

  @Test
  @DisplayName("whose browser gives no location (a page not served over HTTPS) is told to type the coordinates, and "
      + "offered no button that cannot work")
  void noGeolocation() throws Exception {
    try (Browser citizen = formWith("delete Navigator.prototype.geolocation;")) {
      assertThat(citizen.text("#no-geolocation")).contains("shkruani koordinatat");
      assertThat(citizen.all("#locate")).isEmpty();
      assertThat(citizen.all("[name='location.lat']")).hasSize(1);
    }
  }

  @Test
  @DisplayName("(the council) sees in the inbox where each request is about, live as it arrives, and nothing for a "
      + "request that names no place")
  void placeInTheInbox() throws Exception {
    String commission = states.commissionId();
    try (Browser desk = Browser.open(app.baseUrl(), 360, 740)) {
      desk.logIn("desk", "password-of-desk");
      desk.waitFor(".status-line[data-state='live']");
      String placeless = app.submit(TestApp.submission("COMMISSION", commission)).getString("number");
      String placed = app.submit(TestApp.submission("COMMISSION", commission).put("administrativeUnit", 9)
          .put("location", new JsonObject().put("lat", 41.31).put("long", 19.82).put("address", "Rruga e Elbasanit")))
          .getString("number");
      String row = "#inbox li[data-number='" + placed + "'] .place";
      assertThat(desk.text(row)).isEqualTo("Vendi: Rruga e Elbasanit · Njësia 9 · gjerësia 41.31, gjatësia 19.82");
      desk.waitFor("#inbox li[data-number='" + placeless + "']");
      assertThat(desk.all("#inbox li[data-number='" + placeless + "'] .place")).isEmpty();
      desk.click("#lang");
      assertThat(desk.text(row)).isEqualTo("Place: Rruga e Elbasanit · Unit 9 · latitude 41.31, longitude 19.82");
    }
  }

  @Test
  @DisplayName("(a clerk) mistyping the password is told so, not asked to log in again")
  void wrongPassword() throws Exception {
    try (Browser clerk = Browser.open(app.baseUrl(), 360, 740)) {
      clerk.go("login").field("username", "desk").field("password", "not-the-password").click("#login");
      assertThat(clerk.text("#login-form .alert")).isEqualTo("Përdoruesi ose fjalëkalimi nuk është i saktë.");
    }
  }

  static java.util.List<String> states() {
    return RequestStates.STATES;
  }

  /** The citizen's side of "the buttons shown are the allowed actions", in every status a request can be in. */
  @org.junit.jupiter.params.ParameterizedTest(name = "on a {0} request")
  @org.junit.jupiter.params.provider.MethodSource("states")
  @DisplayName("is offered exactly the actions the API allows with the access code, and each one offered succeeds, "
      + "confirmed beside it")
  void shownActionsAreTheAllowedOnes(String state) throws Exception {
    try (Browser citizen = Browser.open(app.baseUrl(), 360, 740)) {
      JsonObject receipt = states.inState(state);
      java.util.List<String> allowed = allowed(receipt);
      assertThat(shownActions(citizen, receipt)).containsExactlyInAnyOrderElementsOf(allowed);

      for (String action : allowed) {
        JsonObject fresh = states.inState(state);
        shownActions(citizen, fresh);
        switch (action) {
          case "answer" -> citizen.type("#answer-form [name='message']", "Stoli pranë portës.\nI dyti.")
              .click("#answer-form button[type='submit']");
          case "rating" -> citizen.click("#rating-form input[value='4']").click("#rating-form button[type='submit']");
          case "withdraw" -> citizen.click("#withdraw");
          default -> throw new IllegalArgumentException(action);
        }
        citizen.waitFor("#private-outcome .notice");
        assertThat(citizen.all("#private .alert")).as("%s is not refused", action).isEmpty();
        assertThat(citizen.js("return document.activeElement.id")).as("the outcome of %s has the focus", action)
            .isEqualTo("private-outcome");
        assertThat(allowed(fresh)).as("the API no longer allows %s just done", action).doesNotContain(action);
      }
      assertThat(citizen.consoleErrors()).isEmpty();
    }
  }

  private static java.util.List<String> allowed(JsonObject receipt) {
    JsonObject view = app.send(app.client().get("/api/requests/" + receipt.getString("number"))
        .putHeader("X-Access-Code", receipt.getString("accessCode")), null, null).bodyAsJsonObject();
    return view.getJsonArray("allowedActions").stream().map(String.class::cast).toList();
  }

  /** Opens the request with its code and names what the private view offers. */
  private static java.util.List<String> shownActions(Browser citizen, JsonObject receipt) {
    unlocked(citizen, receipt);
    // the page stays loaded until the next go(): a withdrawal's confirmation is answered yes
    citizen.js("window.confirm = () => true");
    return java.util.stream.Stream.of("answer-form", "rating-form", "withdraw")
        .filter(id -> citizen.all("#" + id).stream().anyMatch(e -> e.isDisplayed()))
        .map(id -> id.replace("-form", "")).toList();
  }
}
