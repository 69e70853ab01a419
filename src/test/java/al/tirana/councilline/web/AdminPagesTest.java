package al.tirana.councilline.web;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.support.Browser;
import al.tirana.councilline.support.StartedApp;
import al.tirana.councilline.support.TestApp;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@StartedApp
@DisplayName("In a real browser, an administrator")
class AdminPagesTest {

  @StartedApp.Node
  private static TestApp app;
  @StartedApp.Admin
  private static String admin;

  @BeforeAll
  static void given() throws Exception {
    app.createUser(admin, "desk.seven", "STAFF", null);
  }

  @Test
  @DisplayName("creates and edits a commission and a counselor that the public directory then shows, opens a "
      + "counselor's account, deactivates another and reactivates it, and keeps the holiday calendar by hand and "
      + "from an iCalendar file")
  void directoryAccountsAndHolidays() throws Exception {
    try (Browser admin = Browser.open(app.baseUrl(), 1280, 1000)) {
      admin.logIn("admin", TestApp.ADMIN_PASSWORD);
      admin.click("a[href='#/admin']");

      admin.type("#admin-commission-form [name='name']", "Komisioni i Transportit")
          .type("#admin-commission-form [name='description']", "Transporti publik dhe rrugët")
          .click("#admin-commission-form button[type='submit']");
      admin.waitUntil("the commission is listed", () -> admin.text("#admin-commissions tbody")
          .contains("Komisioni i Transportit"));
      String commission = app.get("/api/commissions", null).bodyAsJsonArray().getJsonObject(0).getString("id");

      admin.type("#admin-counselor-form [name='fullName']", "Dritan Gjoka")
          .type("#admin-counselor-form [name='officialEmail']", "dritan.gjoka@tirana.al")
          .click("#admin-counselor-form input[name='commissions'][value='" + commission + "']")
          .click("#admin-counselor-form input[name='policyAreas'][value='TRANSPORT']")
          .click("#admin-counselor-form button[type='submit']");
      admin.waitUntil("the counselor is listed", () -> admin.text("#admin-counselors tbody").contains("Dritan Gjoka"));
      JsonObject counselor = app.get("/api/counselors", null).bodyAsJsonArray().getJsonObject(0);
      assertThat(counselor.getString("officialEmail")).isEqualTo("dritan.gjoka@tirana.al");
      assertThat(counselor.getJsonArray("commissions").getList()).containsExactly(commission);
      assertThat(counselor.getJsonArray("policyAreas").getList()).containsExactly("TRANSPORT");

      admin.screenshot("administration");

      // editing keeps what is not changed
      admin.click("#admin-counselors tr[data-id='" + counselor.getString("id") + "'] button");
      assertThat(admin.waitFor("#admin-counselor-form [name='fullName']").getAttribute("value"))
          .isEqualTo("Dritan Gjoka");
      admin.click("#admin-counselor-form .cancel-edit");
      admin.waitUntil("the form is blank again", () -> admin.waitFor("#admin-counselor-form [name='fullName']")
          .getAttribute("value").isEmpty());
      admin.click("#admin-counselors tr[data-id='" + counselor.getString("id") + "'] button");
      admin.type("#admin-counselor-form [name='fullName']", "Dritan Gjoka-Hoxha")
          .click("#admin-counselor-form button[type='submit']");
      admin.waitUntil("the new name is listed", () -> admin.text("#admin-counselors tbody")
          .contains("Dritan Gjoka-Hoxha"));
      JsonObject edited = app.get("/api/counselors", null).bodyAsJsonArray().getJsonObject(0);
      assertThat(edited.getString("id")).isEqualTo(counselor.getString("id"));
      assertThat(edited.getJsonArray("commissions").getList()).containsExactly(commission);
      assertThat(edited.getJsonArray("policyAreas").getList()).containsExactly("TRANSPORT");

      // a password the server refuses is explained next to the field, and no account is made
      admin.type("#admin-user-form [name='username']", "dritan.gjoka")
          .type("#admin-user-form [name='password']", "short")
          .choose("role", "COUNSELOR").choose("counselorId", counselor.getString("id"))
          .click("#admin-user-form button[type='submit']");
      admin.waitUntil("the password's error shows", () -> !admin.all(
          "#admin-user-form [data-field='password'] .error").get(0).getText().isBlank());
      assertThat(admin.waitFor("#admin-user-form [name='password']").getAttribute("aria-invalid")).isEqualTo("true");
      assertThat(app.count("SELECT count(*) FROM user_account WHERE username = 'dritan.gjoka'")).isZero();
      admin.type("#admin-user-form [name='password']", "a-long-first-password")
          .click("#admin-user-form button[type='submit']");
      admin.waitUntil("the account is confirmed", () -> admin.text("#admin-accounts").contains("dritan.gjoka"));
      assertThat(app.login("dritan.gjoka", "a-long-first-password")).isNotBlank();

      assertThat(admin.text("#admin-account-list tr[data-username='dritan.gjoka']")).contains("Këshilltar")
          .contains("Dritan Gjoka-Hoxha").contains("Aktiv");
      assertThat(admin.all("#admin-account-list tr[data-username='admin'] button")).as("not one's own").isEmpty();

      // deactivation cannot be undone, so it takes a second click
      admin.click("#admin-account-list tr[data-username='desk.seven'] button");
      assertThat(admin.text("#admin-account-list tr[data-username='desk.seven'] button")).contains("desk.seven");
      assertThat(app.post("/api/auth/login", null, new JsonObject().put("username", "desk.seven")
          .put("password", "password-of-desk.seven")).statusCode()).as("not yet").isEqualTo(200);
      admin.click("#admin-account-list tr[data-username='desk.seven'] button");
      admin.waitUntil("the deactivation is confirmed", () -> admin.text("#admin-accounts").contains("u çaktivizua"));
      assertThat(admin.text("#admin-account-list tr[data-username='desk.seven']")).contains("Joaktiv");
      assertThat(app.post("/api/auth/login", null, new JsonObject().put("username", "desk.seven")
          .put("password", "password-of-desk.seven")).statusCode()).isNotEqualTo(200);
      admin.click("#admin-account-list tr[data-username='desk.seven'] button");
      admin.waitUntil("the reactivation is confirmed", () -> admin.text("#admin-accounts").contains("u riaktivizua"));
      assertThat(admin.text("#admin-account-list tr[data-username='desk.seven']")).doesNotContain("Joaktiv");
      assertThat(app.login("desk.seven", "password-of-desk.seven")).isNotBlank();

      admin.type("#admin-holiday-form [name='name']", "Dita e Qytetit");
      admin.js("document.querySelector(\"#admin-holiday-form [name='day']\").value = '2031-11-05'");
      admin.click("#admin-holiday-form button[type='submit']");
      admin.waitFor("#admin-holiday-list tr[data-day='2031-11-05']");
      assertThat(admin.text("#admin-holiday-list")).contains("Dita e Qytetit").contains("5 nëntor 2031");
      assertThat(app.count("SELECT count(*) FROM sla_holiday WHERE day = '2031-11-05'")).isEqualTo(1);
      admin.click("#admin-holiday-list tr[data-day='2031-11-05'] button");
      admin.waitUntil("the holiday is gone", () -> admin.all("#admin-holiday-list tr[data-day='2031-11-05']").isEmpty());
      assertThat(app.count("SELECT count(*) FROM sla_holiday WHERE day = '2031-11-05'")).isZero();

      Path calendar = Files.createTempFile("holidays", ".ics");
      Files.writeString(calendar, "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20320314\r\n"
          + "SUMMARY:Dita e Verës\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20321128\r\n"
          + "SUMMARY:Dita e Pavarësisë\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
      admin.waitFor("#admin-holiday-import input[type='file']").sendKeys(calendar.toString());
      admin.click("#admin-holiday-import button[type='submit']");
      admin.waitUntil("the import is confirmed", () -> admin.text("#admin-holiday-import").contains("U importuan 2 festa"));
      assertThat(app.count("SELECT count(*) FROM sla_holiday WHERE day IN ('2032-03-14', '2032-11-28')")).isEqualTo(2);
      Files.delete(calendar);

      // the commission made inactive leaves the public directory
      admin.click("#admin-commissions tr[data-id='" + commission + "'] button");
      admin.click("#admin-commission-form input[name='active']").click("#admin-commission-form button[type='submit']");
      admin.waitUntil("the commission shows as inactive", () -> admin.text("#admin-commissions tbody")
          .contains("Joaktiv"));
      admin.click("#lang");
      admin.waitUntil("the page reads in English", () -> admin.text("#view h1").equals("Administration"));
      assertThat(admin.text("#admin-commissions tbody")).contains("Inactive");
      assertThat(admin.text("#admin-holidays h2")).isEqualTo("Public holidays");
      admin.route("directory");
      admin.waitUntil("the directory shows the counselor", () -> admin.text("#counselors")
          .contains("Dritan Gjoka-Hoxha"));
      assertThat(admin.all("#commissions li")).isEmpty();
      assertThat(admin.consoleErrors()).as("nothing but the refused password's 400")
          .allSatisfy(error -> assertThat(error).contains("/api/admin/users").contains("400")).hasSize(1);
    }
  }

  @Test
  @DisplayName("is the only one the administration page opens for")
  void onlyForAdministrators() throws Exception {
    app.createUser(admin, "desk.eight", "STAFF", null);
    try (Browser desk = Browser.open(app.baseUrl(), 1280, 1000)) {
      desk.logIn("desk.eight", "password-of-desk.eight");
      assertThat(desk.all("a[href='#/admin']")).isEmpty();
      desk.route("admin");
      desk.waitFor("#login-form");
    }
  }
}
