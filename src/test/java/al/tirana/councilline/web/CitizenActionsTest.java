package al.tirana.councilline.web;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.support.Browser;
import al.tirana.councilline.support.RequestStates;
import al.tirana.councilline.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The citizen's side of "the buttons shown are the allowed actions": in every status a request can be in, the private
 * view offers exactly what the API reports for the access code, and each offer works.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("In a real browser on a 360 px phone, the citizen's private view")
class CitizenActionsTest {

  private static TestApp app;
  private static RequestStates states;
  private static Browser citizen;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    app = TestApp.onFreshDatabase(vertx);
    states = RequestStates.council(app, "arta.hoxha@tirana.al");
    citizen = Browser.open(app.baseUrl(), 360, 740);
  }

  @AfterAll
  static void stop() {
    if (citizen != null) {
      citizen.close();
    }
    app.close();
  }

  static List<String> states() {
    return RequestStates.STATES;
  }

  @ParameterizedTest(name = "on a {0} request")
  @MethodSource("states")
  @DisplayName("offers exactly the actions the API allows, and each one offered succeeds, confirmed beside it")
  void shownActionsAreTheAllowedOnes(String state) {
    JsonObject receipt = states.inState(state);
    List<String> allowed = allowed(receipt);
    assertThat(shownActions(receipt)).containsExactlyInAnyOrderElementsOf(allowed);

    for (String action : allowed) {
      JsonObject fresh = states.inState(state);
      shownActions(fresh);
      use(action);
      citizen.waitFor("#private-outcome .notice");
      assertThat(citizen.all("#private .alert")).as("%s is not refused", action).isEmpty();
      assertThat(citizen.js("return document.activeElement.id")).as("the outcome of %s has the focus", action)
          .isEqualTo("private-outcome");
      assertThat(allowed(fresh)).as("the API no longer allows %s just done", action).doesNotContain(action);
    }
    assertThat(citizen.consoleErrors()).isEmpty();
  }

  private static List<String> allowed(JsonObject receipt) {
    JsonObject view = app.send(app.client().get("/api/requests/" + receipt.getString("number"))
        .putHeader("X-Access-Code", receipt.getString("accessCode")), null, null).bodyAsJsonObject();
    return view.getJsonArray("allowedActions").stream().map(String.class::cast).toList();
  }

  /** Opens the request with its code and names what the private view offers. */
  private static List<String> shownActions(JsonObject receipt) {
    citizen.go("track/" + receipt.getString("number"));
    citizen.type("#code-form [name='code']", receipt.getString("accessCode"))
        .click("#code-form button[type='submit']");
    citizen.waitFor("#private h3");
    // the page stays loaded until the next go(): a withdrawal's confirmation is answered yes
    citizen.js("window.confirm = () => true");
    List<String> shown = new ArrayList<>();
    if (displayed("#answer-form")) {
      shown.add("answer");
    }
    if (displayed("#rating-form")) {
      shown.add("rating");
    }
    if (displayed("#withdraw")) {
      shown.add("withdraw");
    }
    return shown;
  }

  private static boolean displayed(String css) {
    return citizen.all(css).stream().anyMatch(e -> e.isDisplayed());
  }

  private static void use(String action) {
    switch (action) {
      case "answer" -> citizen.type("#answer-form [name='message']", "Stoli pranë portës.\nI dyti.")
          .click("#answer-form button[type='submit']");
      case "rating" -> citizen.click("#rating-form input[value='4']").click("#rating-form button[type='submit']");
      case "withdraw" -> citizen.click("#withdraw");
      default -> throw new IllegalArgumentException(action);
    }
  }
}
