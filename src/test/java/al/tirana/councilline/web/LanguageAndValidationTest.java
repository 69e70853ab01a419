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
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

@StartedApp
@DisplayName("In a real browser, the submission form")
class LanguageAndValidationTest {

  @StartedApp.Node
  private static TestApp app;
  @StartedApp.Admin
  private static String admin;
  private static JsonObject sq;
  private static JsonObject en;

  @BeforeAll
  static void given() throws Exception {
    String commission = app.createCommission(admin, "Komisioni i Rinisë");
    app.createCounselor(admin, "Gent Dervishi", "gent.dervishi@tirana.al", commission);
    sq = new JsonObject(Files.readString(Path.of("web/i18n/sq.json")));
    en = new JsonObject(Files.readString(Path.of("web/i18n/en.json")));
  }

  @Test
  @DisplayName("switches every visible label between Albanian and English")
  void languageSwitch() throws Exception {
    try (Browser browser = Browser.open(app.baseUrl(), 360, 740)) {
      browser.go("submit");
      assertThat(browser.js("return document.documentElement.lang")).isEqualTo("sq");
      List<WebElement> labels = browser.all("[data-i18n]");
      assertThat(labels).hasSizeGreaterThan(40);
      assertEveryLabelIn(browser, sq);
      browser.markPage();

      browser.click("#lang");
      assertThat(browser.js("return document.documentElement.lang")).isEqualTo("en");
      assertEveryLabelIn(browser, en);
      String page = browser.text("body");
      for (String key : sq.fieldNames()) {
        String albanian = sq.getString(key);
        // the switch button names the other language in that language ("Shqip"), as language pickers do
        if (!albanian.equals(en.getString(key)) && albanian.length() > 3 && !albanian.contains("{")
            && !key.equals("language.sq")) {
          assertThat(page).as("no Albanian left after switching (%s)", key).doesNotContain(albanian);
        }
      }
      assertThat(browser.samePage()).as("switching keeps the page and what was typed").isTrue();

      browser.click("#lang");
      assertEveryLabelIn(browser, sq);
      assertThat(browser.consoleErrors()).isEmpty();
    }
  }

  /** Every element carrying a translation key shows exactly that language's text for it. */
  private static void assertEveryLabelIn(Browser browser, JsonObject dictionary) {
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> shown = (List<Map<String, Object>>) browser.js("return [...document.querySelectorAll("
        + "'[data-i18n]')].filter(e => !e.dataset.i18nParams).map(e => ({key: e.dataset.i18n, text: e.textContent}))");
    assertThat(shown).isNotEmpty().allSatisfy(label -> {
      assertThat(dictionary.containsKey((String) label.get("key"))).as("key %s is translated", label.get("key"))
          .isTrue();
      assertThat(label.get("text")).as("text of %s", label.get("key"))
          .isEqualTo(dictionary.getString((String) label.get("key")));
    });
  }

  @Test
  @DisplayName("shows each invalid field's error next to it and submits nothing")
  void invalidInput() throws Exception {
    try (Browser browser = Browser.open(app.baseUrl(), 360, 740)) {
      browser.go("submit");
      browser.field("subject", "Parku i lagjes").field("citizen.email", "jo-email").click("#send");

      assertThat(browser.text("[data-field='category'] .error")).isEqualTo(sq.getString("validation.required"));
      assertThat(browser.text("[data-field='addressee.id'] .error")).isEqualTo(sq.getString("validation.required"));
      assertThat(browser.text("[data-field='body'] .error")).isEqualTo(sq.getString("validation.required"));
      assertThat(browser.text("[data-field='citizen.firstName'] .error"))
          .isEqualTo(sq.getString("validation.required"));
      assertThat(browser.text("[data-field='citizen.email'] .error")).isEqualTo(sq.getString("validation.email"));
      assertThat(browser.all("[data-field='subject'] .error").get(0).getText()).isEmpty();
      assertThat(browser.waitFor("[name='body']").getAttribute("aria-invalid")).isEqualTo("true");
      assertThat(browser.js("return document.activeElement.name")).as("focus moves to the first problem")
          .isEqualTo("category");
      assertThat(browser.text("[data-field='citizen.lastName'] .error")).isEqualTo(sq.getString("validation.required"));
      assertThat(browser.text("#form-errors")).isEqualTo(sq.getString("submit.fix.other").replace("{count}", "6"));

      // a corrected field clears its own error as the citizen types
      browser.field("citizen.email", "vesa@example.al");
      assertThat(browser.all("[data-field='citizen.email'] .error").get(0).getText()).isEmpty();

      // the error is translated along with everything else
      browser.click("#lang");
      assertThat(browser.text("[data-field='body'] .error")).isEqualTo(en.getString("validation.required"));

      // the keyboard alone can send the form again: Enter in a field submits it
      browser.waitFor("[name='citizen.lastName']").sendKeys("Berisha", Keys.ENTER);
      assertThat(browser.text("[data-field='citizen.firstName'] .error"))
          .isEqualTo(en.getString("validation.required"));
      assertThat(app.count("SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE '%RequestSubmitted'"))
          .as("nothing was stored").isZero();
      assertThat(browser.all("#receipt")).isEmpty();
    }
  }
}
