package al.tirana.councilline.request;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.support.RequestStates;
import al.tirana.councilline.support.StartedApp;
import al.tirana.councilline.support.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@StartedApp
@DisplayName("The actions a request's view offers")
class AllowedActionsTest {

  @StartedApp.Node
  private static TestApp app;
  @StartedApp.Admin
  private static String admin;
  private static RequestStates states;
  private static Map<String, String> tokens;
  private static String outsider;

  @BeforeAll
  static void given() throws Exception {
    states = RequestStates.council(app, "arta.hoxha@tirana.al");
    tokens = Map.of("STAFF", states.staffToken(), "COUNSELOR",
        app.createUser(admin, "arta", "COUNSELOR", states.memberId()),
        "ADMIN", admin, "AUDITOR", app.createUser(admin, "auditor", "AUDITOR", null));
    outsider = app.createUser(admin, "besa", "COUNSELOR", states.otherId());
  }

  @Test
  @DisplayName("are exactly what the request accepts: in every state, for staff and a concerned counselor, each "
      + "offered action succeeds and every other is refused (409 by the rules, 403 by the role)")
  void councilActionsMatchTheRules() {
    SoftAssertions soft = new SoftAssertions();
    inParallel(List.of("STAFF", "COUNSELOR"), role -> {
      String token = tokens.get(role);
      inParallel(RequestStates.STATES, state -> {
        List<String> offered = allowed(states.inState(state).getString("number"), token);
        soft.assertThat(offered).as("%s in %s offers only known actions", role, state)
            .isSubsetOf(RequestStates.COUNCIL_ACTIONS);
        inParallel(RequestStates.COUNCIL_ACTIONS, action -> {
          String number = states.inState(state).getString("number");
          HttpResponse<Buffer> response = states.act(number, action, token);
          if (offered.contains(action)) {
            soft.assertThat(response.statusCode()).as("%s may %s in %s: %s", role, action, state,
                response.bodyAsString()).isEqualTo(200);
          } else {
            soft.assertThat(response.statusCode()).as("%s may not %s in %s: %s", role, action, state,
                response.bodyAsString()).isIn(403, 409);
          }
        });
      });
    });
    soft.assertAll();
  }

  @Test
  @DisplayName("follow the state: a closed request may only be reopened or noted, and a rejected one reopened")
  void representativeStates() {
    assertThat(allowed(states.inState("CLOSED").getString("number"), tokens.get("STAFF")))
        .containsExactlyInAnyOrder("notes", "reopen", "success-story", "spam");
    assertThat(allowed(states.inState("REJECTED").getString("number"), tokens.get("STAFF")))
        .containsExactlyInAnyOrder("notes", "reopen", "spam");
    assertThat(allowed(states.inState("AWAITING_CITIZEN").getString("number"), tokens.get("STAFF")))
        .containsExactlyInAnyOrder("resume", "invite", "notes", "priority", "spam");
    assertThat(allowed(states.inState("SUBMITTED").getString("number"), tokens.get("COUNSELOR")))
        .containsExactlyInAnyOrder("respond", "await-citizen", "invite", "notes");
  }

  @Test
  @DisplayName("follow the role: an auditor sees the full view with no action, an administrator what staff have, "
      + "a counselor the request is not addressed to gets no council view at all")
  void roles() {
    String number = states.inState("RESPONDED").getString("number");
    assertThat(allowed(number, tokens.get("AUDITOR"))).isEmpty();
    assertThat(allowed(number, tokens.get("ADMIN"))).isEqualTo(allowed(number, tokens.get("STAFF")));
    JsonObject view = app.get("/api/requests/" + number, outsider).bodyAsJsonObject();
    assertThat(view.containsKey("allowedActions")).isFalse();
    assertThat(view.containsKey("subject")).isFalse();
    assertThat(app.get("/api/requests/" + number, null).bodyAsJsonObject().containsKey("allowedActions")).isFalse();
  }

  @Test
  @DisplayName("for the citizen with the access code: withdraw while open, answer while asked, rate each new response "
      + "once; each offered one succeeds and the others are refused")
  void citizenActionsMatchTheRules() {
    SoftAssertions soft = new SoftAssertions();
    inParallel(RequestStates.STATES, state -> {
      JsonObject probe = states.inState(state);
      List<String> offered = citizenAllowed(probe);
      inParallel(RequestStates.CITIZEN_ACTIONS, action -> {
        JsonObject receipt = states.inState(state);
        HttpResponse<Buffer> response = states.citizen(receipt.getString("number"), receipt.getString("accessCode"),
            action);
        if (offered.contains(action)) {
          soft.assertThat(response.statusCode()).as("the citizen may %s in %s: %s", action, state,
              response.bodyAsString()).isEqualTo(200);
          if (action.equals("rating")) {
            soft.assertThat(citizenAllowed(receipt)).as("rated once in %s", state).doesNotContain("rating");
          }
        } else {
          soft.assertThat(response.statusCode()).as("the citizen may not %s in %s: %s", action, state,
              response.bodyAsString()).isEqualTo(409);
        }
      });
    });
    soft.assertAll();
  }

  /**
   * Each case works on requests of its own, so they run side by side (the rules are per request); a case that
   * throws fails the test.
   */
  private static <T> void inParallel(List<T> cases, java.util.function.Consumer<T> check) {
    List<java.util.concurrent.CompletableFuture<Void>> running = cases.stream()
        .map(c -> java.util.concurrent.CompletableFuture.runAsync(() -> check.accept(c), POOL)).toList();
    running.forEach(java.util.concurrent.CompletableFuture::join);
  }

  private static final java.util.concurrent.ExecutorService POOL = java.util.concurrent.Executors.newCachedThreadPool();

  private static List<String> allowed(String number, String token) {
    HttpResponse<Buffer> response = app.get("/api/requests/" + number, token);
    assertThat(response.statusCode()).isEqualTo(200);
    return response.bodyAsJsonObject().getJsonArray("allowedActions").getList();
  }

  private static List<String> citizenAllowed(JsonObject receipt) {
    return app.send(app.client().get("/api/requests/" + receipt.getString("number"))
            .putHeader("X-Access-Code", receipt.getString("accessCode")), null, null)
        .bodyAsJsonObject().getJsonArray("allowedActions").getList();
  }
}
