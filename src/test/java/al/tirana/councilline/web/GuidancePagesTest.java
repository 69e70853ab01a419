package al.tirana.councilline.web;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.support.Browser;
import al.tirana.councilline.support.StartedApp;
import al.tirana.councilline.support.TestApp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@StartedApp(settings = "ROUTING_DEFAULT_COMMISSION=Council Secretariat")
@DisplayName("In a real browser, guidance and continuity for citizens")
class GuidancePagesTest {

  @StartedApp.Node private static TestApp app;
  @StartedApp.Admin private static String admin;
  @StartedApp.Commission(value = "Youth Commission", areas = "YOUTH") private static String youth;
  @StartedApp.Commission("Council Secretariat") private static String secretariat;

  private static void fillCitizen(Browser citizen, String subject) {
    citizen.field("subject", subject).field("body", "Dritat e rrugës nuk ndizen.\nPrej një muaji.")
        .field("citizen.firstName", "Elira").field("citizen.lastName", "Kolaj")
        .field("citizen.email", "elira.kolaj@example.al");
  }

  private static String submitted(Browser citizen) {
    citizen.click("#send");
    return citizen.text("#receipt-number");
  }

  private static String addresseeOf(String number) {
    return app.get("/api/requests/" + number, admin).bodyAsJsonObject().getJsonObject("addressee").getString("id");
  }

  @Test
  @DisplayName("a citizen not sure whom to write to picks a topic, is told where it will go before sending, and it "
      + "goes there")
  void routesByTopic() throws Exception {
    try (Browser citizen = Browser.open(app.baseUrl(), 360, 740)) {
      citizen.go("submit").choose("addressee.type", "TOPIC");
      assertThat(citizen.all("[data-field='addressee.id']").get(0).isDisplayed()).isFalse();
      assertThat(citizen.text("#route-note")).isEqualTo("Zgjidhni kategorinë: këtu ju tregojmë ku do të shkojë "
          + "kërkesa juaj.");
      citizen.choose("category", "YOUTH");
      citizen.waitUntil("the note names the youth commission",
          () -> citizen.text("#route-note").contains("Youth Commission"));
      citizen.choose("category", "FINANCE");
      citizen.waitUntil("the note names the default commission",
          () -> citizen.text("#route-note").contains("Council Secretariat"));
      assertThat(citizen.text("#route-note")).startsWith("Asnjë komision nuk e ka marrë këtë temë");
      citizen.click("#lang");
      citizen.waitUntil("the note is in English", () -> citizen.text("#route-note").startsWith("No commission has"));
      assertThat(citizen.fitsWidth()).isTrue();
      citizen.choose("category", "YOUTH");
      citizen.waitUntil("the English note names the youth commission", () -> citizen.text("#route-note")
          .equals("Your request will go to the Youth Commission, which handles this topic."));
      fillCitizen(citizen, "Youth centre");
      String number = submitted(citizen);
      assertThat(addresseeOf(number)).isEqualTo(youth);
      assertThat(citizen.consoleErrors()).isEmpty();
    }
  }

  @Test
  @DisplayName("requests remembered with consent are listed at #/mine with their status, live, and each can be "
      + "forgotten; one sent without consent is not remembered")
  void myRequests() throws Exception {
    try (Browser citizen = Browser.open(app.baseUrl(), 360, 740)) {
      citizen.go("submit").choose("addressee.type", "COMMISSION").choose("addressee.id", secretariat)
          .choose("category", "TRANSPORT");
      fillCitizen(citizen, "Bus stop");
      citizen.click("#remember");
      String kept = submitted(citizen);
      assertThat(citizen.text("#remembered")).contains("Kërkesat e mia");

      citizen.route("submit?again=1").choose("addressee.type", "COMMISSION").choose("addressee.id", secretariat)
          .choose("category", "TRANSPORT");
      fillCitizen(citizen, "Another bus stop");
      String notKept = submitted(citizen);

      citizen.click("a[href='#/mine']");
      String item = "#mine-list li[data-number='" + kept + "']";
      assertThat(citizen.text(item + " .badge")).isEqualTo("Dërguar");
      assertThat(citizen.text(item + " .subject")).isEqualTo("Bus stop");
      assertThat(citizen.all("#mine-list li[data-number='" + notKept + "']")).isEmpty();
      assertThat(citizen.text("#mine-list")).doesNotContain("null").doesNotContain("undefined");
      assertThat(citizen.fitsWidth()).isTrue();

      // the council acts: the status changes on the page without a reload
      citizen.markPage();
      assertThat(app.post("/api/requests/" + kept + "/acknowledge", admin, null).statusCode()).isEqualTo(200);
      citizen.waitUntil("the status follows", () -> citizen.text(item + " .badge").equals("Marrë në dorëzim"));
      assertThat(citizen.samePage()).isTrue();

      citizen.click(item + " button.forget");
      assertThat(citizen.text("#mine-notice")).isEqualTo(kept + " nuk mbahet më mend në këtë pajisje.");
      assertThat(citizen.js("return document.activeElement.id")).isEqualTo("mine-notice");
      assertThat(citizen.all(item)).isEmpty();
      assertThat((String) citizen.js("return localStorage.getItem('councilline.mine')")).doesNotContain(kept);
      citizen.driver().navigate().refresh();
      citizen.waitFor("#mine-empty");
      assertThat(citizen.consoleErrors()).isEmpty();
    }
  }

  @Test
  @DisplayName("a citizen who lost the code asks for their requests by e-mail from the page, and a recovery link "
      + "opens the request with its code, which then leaves the address bar")
  void recovery() throws Exception {
    JsonObject submission = TestApp.submission("COMMISSION", youth);
    submission.getJsonObject("citizen").put("email", "link.holder@example.al");
    JsonObject receipt = app.submit(submission);
    try (Browser citizen = Browser.open(app.baseUrl(), 360, 740)) {
      citizen.go("track").click("#lost-code");
      citizen.waitUntil("the e-mail field has the focus",
          () -> "email".equals(citizen.js("return document.activeElement.name")));
      citizen.type("#recover-form [name='email']", "not-an-address").click("#recover-form button[type='submit']");
      assertThat(citizen.text("#recover-form .alert")).isEqualTo(
          citizen.js("return document.querySelector('#recover-form .alert').textContent").toString());
      citizen.type("#recover-form [name='email']", "elira.kolaj@example.al")
          .click("#recover-form button[type='submit']");
      assertThat(citizen.text("#recover-outcome .notice")).startsWith("Nëse kjo adresë ka kërkesa të hapura");
      assertThat(citizen.js("return document.activeElement.id")).isEqualTo("recover-outcome");
      assertThat(citizen.fitsWidth()).isTrue();
    }
    // a recovery mail's link (GuidanceTest reads one from a real mail), here with the code this citizen holds
    try (Browser citizen = Browser.open(app.baseUrl(), 360, 740)) {
      String number = receipt.getString("number");
      citizen.go("track/" + number + "?code=" + receipt.getString("accessCode").toLowerCase());
      citizen.waitFor("#private h3");
      assertThat(citizen.text("#private")).contains("Youth centre in Kombinat");
      assertThat(citizen.driver().getCurrentUrl()).endsWith("#/track/" + number);
    }
  }

  @Test
  @DisplayName("?lang=en or ?lang=sq in a link selects the language, and the choice is remembered")
  void languageByLink() throws Exception {
    try (Browser reader = Browser.open(app.baseUrl(), 1280, 900)) {
      reader.driver().get(app.baseUrl() + "/?lang=en#/feed");
      reader.waitFor("body[data-ready='true']");
      assertThat(reader.js("return document.documentElement.lang")).isEqualTo("en");
      assertThat(reader.text("nav a[href='#/feed']")).isEqualTo("Activity");
      reader.route("directory");
      reader.waitUntil("the directory is shown", () -> reader.text("nav a[aria-current='page']").equals("Counselors"));
      // the switch still works on a page opened with ?lang=en
      reader.click("#lang");
      reader.route("feed");
      reader.waitUntil("the feed in Albanian", () -> reader.text("nav a[aria-current='page']").equals("Aktiviteti"));

      reader.driver().get(app.baseUrl() + "/#/stats?lang=en");
      reader.waitFor("body[data-ready='true']");
      assertThat(reader.js("return document.documentElement.lang")).isEqualTo("en");
      reader.driver().get(app.baseUrl() + "/#/feed");
      reader.waitFor("body[data-ready='true']");
      assertThat(reader.js("return document.documentElement.lang")).as("remembered").isEqualTo("en");
      reader.driver().get(app.baseUrl() + "/#/feed?lang=sq");
      reader.waitFor("body[data-ready='true']");
      assertThat(reader.text("nav a[href='#/feed']")).isEqualTo("Aktiviteti");
    }
  }

  @Test
  @DisplayName("an administrator gives a commission its policy areas on the directory screen, and topics route there")
  void adminSetsPolicyAreas() throws Exception {
    try (Browser page = Browser.open(app.baseUrl(), 1280, 1000)) {
      page.logIn("admin", TestApp.ADMIN_PASSWORD);
      page.click("a[href='#/admin']");
      page.type("#admin-commission-form [name='name']", "Komisioni i Mjedisit")
          .click("#admin-commission-form input[name='policyAreas'][value='ENVIRONMENT']")
          .click("#admin-commission-form button[type='submit']");
      page.waitUntil("the commission is listed with its area", () -> page.text("#admin-commissions tbody")
          .contains("Komisioni i Mjedisit"));
      assertThat(page.text("#admin-commissions tbody")).contains("Mjedisi");
      JsonObject route = app.get("/api/routing/ENVIRONMENT", null).bodyAsJsonObject();
      assertThat(route.getString("reason")).isEqualTo("POLICY_AREA");
      assertThat(route.getJsonObject("addressee").getString("name")).isEqualTo("Komisioni i Mjedisit");
    }
  }
}
