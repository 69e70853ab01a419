package al.tirana.councilline.web;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.support.Browser;
import al.tirana.councilline.support.StartedApp;
import al.tirana.councilline.support.TestApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@StartedApp
@DisplayName("In real browsers, a citizen and a counselor")
class CitizenAndCounselorTest {

  @StartedApp.Node
  private static TestApp app;
  @StartedApp.Admin
  private static String admin;
  private static String counselorId;

  @BeforeAll
  static void given() throws Exception {
    String transport = app.createCommission(admin, "Komisioni i Transportit");
    counselorId = app.createCounselor(admin, "Arta Hoxha", "arta.hoxha@tirana.al", transport);
    app.createUser(admin, "arta", "COUNSELOR", counselorId);
  }

  @Test
  @DisplayName("a phone submission reaches the counselor's open inbox live, and the answer reaches the citizen's "
      + "tracking page live")
  void submitRespondAndFollow() throws Exception {
    try (Browser counselor = Browser.open(app.baseUrl(), 1280, 900);
         Browser citizen = Browser.open(app.baseUrl(), 360, 740)) {
      counselor.logIn("arta", "password-of-arta");
      counselor.waitFor(".status-line[data-state='live']");
      counselor.markPage();

      citizen.go("submit");
      assertThat(citizen.viewportWidth()).isEqualTo(360);
      assertThat(citizen.fitsWidth()).as("the form fits a 360 px screen").isTrue();
      citizen.choose("kind", "REQUEST").choose("priority", "URGENT").choose("category", "TRANSPORT")
          .choose("addressee.type", "COUNSELOR").choose("addressee.id", counselorId)
          .field("subject", "Stacioni i autobusit në Kombinat")
          .field("body", "Strehimi i stacionit është thyer që prej një muaji.")
          .field("citizen.firstName", "Elira").field("citizen.lastName", "Kola")
          .field("citizen.email", "elira.kola@example.al")
          .click("#send");
      String number = citizen.text("#receipt-number");
      assertThat(number).matches("TR-\\d{4}-\\d{6}");
      assertThat(citizen.text("#receipt-code")).matches("[A-Z0-9]{12}");
      assertThat(app.count("SELECT count(*) FROM request_view WHERE number = ? AND channel = 'WEB'", number))
          .isEqualTo(1);
      assertThat(app.count("SELECT count(*) FROM idempotency_key WHERE number = ?", number))
          .as("the form sent the submission with an idempotency key").isEqualTo(1);

      citizen.click("#track-link");
      citizen.waitFor(".status-line[data-state='live']");
      assertThat(citizen.text("#countdown")).contains("Mbeten");
      assertThat(citizen.text("#responses")).isEqualTo("Ende pa përgjigje.");
      assertThat(citizen.fitsWidth()).as("the tracking page fits a 360 px screen").isTrue();
      citizen.markPage();

      String row = "#inbox li[data-number='" + number + "']";
      counselor.waitFor(row);
      assertThat(counselor.samePage()).as("the inbox updated without a reload").isTrue();
      assertThat(counselor.waitFor(row).getAttribute("class")).contains("unread");
      assertThat(counselor.text(row + " .badge.ON_TRACK")).isEqualTo("Në afat");

      counselor.click(row + " a");
      counselor.waitFor("#respond-form");
      counselor.type("#respond-form [name='message']", "Do ta riparojmë strehën këtë javë.")
          .click("#respond-form button[type='submit']");
      counselor.waitFor("#respond-outcome .notice");

      citizen.waitUntil("the response reaches the tracking page",
          () -> citizen.text("#responses").contains("Do ta riparojmë strehën këtë javë."));
      assertThat(citizen.samePage()).as("the tracking page updated without a reload").isTrue();
      assertThat(citizen.text("#timeline")).contains("Këshilli u përgjigj");
      assertThat(citizen.text("#countdown")).isEqualTo("Këshilli është përgjigjur");
      assertThat(citizen.consoleErrors()).isEmpty();
      assertThat(counselor.consoleErrors()).isEmpty();
    }
  }

  @Test
  @DisplayName("a mistyped access code is refused with a reason, and the right one opens the citizen's private view")
  void accessCode() throws Exception {
    io.vertx.core.json.JsonObject receipt = app.submit(TestApp.submission("COUNSELOR", counselorId));
    String number = receipt.getString("number");
    try (Browser citizen = Browser.open(app.baseUrl(), 360, 740)) {
      citizen.go("track/" + number);
      citizen.type("#code-form [name='code']", "WRONGCODE123").click("#code-form button[type='submit']");
      assertThat(citizen.text("#private .alert")).isEqualTo("Kodi i aksesit nuk përputhet me këtë kërkesë. "
          + "Kontrolloni dhe provoni përsëri.");
      assertThat(citizen.text("#private")).doesNotContain("Youth centre in Kombinat");

      citizen.type("#code-form [name='code']", receipt.getString("accessCode"))
          .click("#code-form button[type='submit']");
      citizen.waitUntil("the private view opens", () -> citizen.text("#private").contains("Youth centre in Kombinat"));
      assertThat(citizen.all("#private .alert")).isEmpty();
      assertThat(citizen.consoleErrors()).allMatch(e -> e.contains("403"));
    }
  }
}
