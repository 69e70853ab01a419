package al.tirana.councilline.request;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.support.Refusal;
import al.tirana.councilline.support.StartedApp;
import al.tirana.councilline.support.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Instant;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@StartedApp
@DisplayName("Bad input is refused with a clear 4xx JSON error and stores nothing")
class BadInputTest {

  @StartedApp.Node
  private static TestApp app;
  @StartedApp.Admin
  private static String admin;
  private static String counselorToken;
  private static String commission;
  private static String inactiveCounselor;
  private static String number;
  private static String closedNumber;
  private static String accessCode;

  @BeforeAll
  static void given() throws Exception {
    commission = app.createCommission(admin, "Youth Commission");
    String outsider = app.createCounselor(admin, "Dritan Meta", "dritan.meta@tirana.al");
    counselorToken = app.createUser(admin, "dritan", "COUNSELOR", outsider);
    inactiveCounselor = app.createCounselor(admin, "Former Member", "former@tirana.al");
    app.put("/api/admin/counselors/" + inactiveCounselor, admin, new JsonObject().put("fullName", "Former Member")
        .put("officialEmail", "former@tirana.al").put("active", false));
    JsonObject submitted = app.submit(TestApp.submission("COMMISSION", commission));
    number = submitted.getString("number");
    accessCode = submitted.getString("accessCode");
    closedNumber = app.submit(TestApp.submission("COMMISSION", commission)).getString("number");
    app.post("/api/requests/" + closedNumber + "/respond", admin, new JsonObject().put("message", "Done"));
    app.post("/api/requests/" + closedNumber + "/close", admin, new JsonObject());
  }

  private static JsonObject valid() {
    return TestApp.submission("COMMISSION", commission);
  }

  private static JsonObject validWith(Function<JsonObject, JsonObject> change) {
    return change.apply(valid());
  }

  record Case(String description, HttpMethod method, String path, String token, Object body, String accessCode,
              int status, String error) {
    @Override
    public String toString() {
      return description;
    }
  }

  private static Case submit(String description, Object body, int status, String error) {
    return new Case(description, HttpMethod.POST, "/api/requests", null, body, null, status, error);
  }

  private static Case action(String description, String path, String token, Object body, int status, String error) {
    return new Case(description, HttpMethod.POST, path, token, body, null, status, error);
  }

  static Stream<Arguments> cases() {
    String req = "/api/requests/" + number;
    String closed = "/api/requests/" + closedNumber;
    return Stream.of(
        submit("malformed JSON", "{\"kind\": \"REQUEST\",", 400, "MALFORMED_BODY"),
        submit("a JSON array instead of an object", "[1,2,3]", 400, "VALIDATION_FAILED"),
        submit("an empty body", "", 400, null),
        submit("an unknown kind", validWith(b -> b.put("kind", "COMPLAINT")), 400, "VALIDATION_FAILED"),
        submit("an unknown priority", validWith(b -> b.put("priority", "CRITICAL")), 400, "VALIDATION_FAILED"),
        submit("an unknown category", validWith(b -> b.put("category", "SPORTS")), 400, "VALIDATION_FAILED"),
        submit("an unknown channel", validWith(b -> b.put("channel", "FAX")), 400, "VALIDATION_FAILED"),
        submit("a number where text is expected", validWith(b -> b.put("subject", 42)), 400, "VALIDATION_FAILED"),
        submit("an unknown field", validWith(b -> b.put("secret", "x")), 400, "VALIDATION_FAILED"),
        submit("a missing citizen", validWith(b -> {
          b.remove("citizen");
          return b;
        }), 400, "VALIDATION_FAILED"),
        submit("a citizen without email or phone", validWith(b -> b.put("citizen",
            new JsonObject().put("firstName", "Ana").put("lastName", "Brahimi"))), 400, "VALIDATION_FAILED"),
        submit("an invalid email", validWith(b -> b.put("citizen", b.getJsonObject("citizen")
            .put("email", "not-an-email"))), 400, "VALIDATION_FAILED"),
        submit("an invalid phone", validWith(b -> b.put("citizen", b.getJsonObject("citizen")
            .put("phone", "call me"))), 400, "VALIDATION_FAILED"),
        submit("a blank first name", validWith(b -> b.put("citizen", b.getJsonObject("citizen")
            .put("firstName", "   "))), 400, "VALIDATION_FAILED"),
        submit("a subject longer than 200 characters", validWith(b -> b.put("subject", "x".repeat(201))), 400,
            "VALIDATION_FAILED"),
        submit("an administrative unit outside 1-24", validWith(b -> b.put("channel", "DESK")
            .put("administrativeUnit", 25)), 400, "VALIDATION_FAILED"),
        submit("a latitude without a longitude", validWith(b -> b.put("location", new JsonObject()
            .put("lat", 41.3275))), 400, "VALIDATION_FAILED"),
        submit("a longitude without a latitude", validWith(b -> b.put("location", new JsonObject()
            .put("long", 19.8187).put("address", "Rruga e Kavajës 10"))), 400, "VALIDATION_FAILED"),
        submit("a latitude beyond 90", validWith(b -> b.put("location", new JsonObject().put("lat", 91)
            .put("long", 19.8187))), 400, "VALIDATION_FAILED"),
        submit("a longitude beyond -180", validWith(b -> b.put("location", new JsonObject().put("lat", 41.3)
            .put("long", -180.5))), 400, "VALIDATION_FAILED"),
        submit("coordinates written as text", validWith(b -> b.put("location", new JsonObject().put("lat", "41.3")
            .put("long", "19.8"))), 400, "VALIDATION_FAILED"),
        submit("an address longer than 300 characters", validWith(b -> b.put("location", new JsonObject()
            .put("address", "x".repeat(301)))), 400, "VALIDATION_FAILED"),
        submit("the DESK channel without a staff token", validWith(b -> b.put("channel", "DESK")
            .put("administrativeUnit", 3)), 403, "FORBIDDEN"),
        submit("an unknown counselor", validWith(b -> b.put("addressee", new JsonObject().put("type", "COUNSELOR")
            .put("id", "no-such-counselor"))), 422, "UNKNOWN_COUNSELOR"),
        submit("an inactive counselor", validWith(b -> b.put("addressee", new JsonObject().put("type", "COUNSELOR")
            .put("id", inactiveCounselor))), 422, "INACTIVE_COUNSELOR"),
        submit("an addressee of an unknown type", validWith(b -> b.put("addressee", new JsonObject()
            .put("type", "MAYOR").put("id", "x"))), 400, "VALIDATION_FAILED"),
        submit("a body over the size limit", validWith(b -> b.put("body", "x".repeat(70_000))), 413,
            "PAYLOAD_TOO_LARGE"),
        new Case("an unknown request number", HttpMethod.GET, "/api/requests/TR-2026-999999", null, null, null, 404,
            "NOT_FOUND"),
        new Case("a malformed request number", HttpMethod.GET, "/api/requests/not-a-number", null, null, null, 400,
            "VALIDATION_FAILED"),
        new Case("an unknown API path", HttpMethod.GET, "/api/nothing-here", null, null, null, 404, "NOT_FOUND"),
        action("an action on an unknown number", "/api/requests/TR-2026-999999/acknowledge", admin, new JsonObject(),
            404, "NOT_FOUND"),
        action("a staff action without a token", req + "/acknowledge", null, new JsonObject(), 401, "UNAUTHORIZED"),
        action("a staff action with a forged token", req + "/acknowledge", "eyJhbGciOiJIUzI1NiJ9.e30.Zm9yZ2Vk",
            new JsonObject(), 401, "UNAUTHORIZED"),
        action("a counselor acting on someone else's request", req + "/respond", counselorToken,
            new JsonObject().put("message", "Not mine"), 403, "FORBIDDEN"),
        action("a counselor doing a staff-only action", req + "/close", counselorToken, new JsonObject(), 403,
            "FORBIDDEN"),
        action("a response to a closed request", closed + "/respond", admin, new JsonObject().put("message", "Late"),
            409, "ILLEGAL_TRANSITION"),
        action("resolving before any response", req + "/resolve", admin, new JsonObject(), 409,
            "ILLEGAL_TRANSITION"),
        action("assigning to an unknown counselor", req + "/assign", admin,
            new JsonObject().put("counselorId", "nobody"), 422, "UNKNOWN_COUNSELOR"),
        action("assigning to an inactive counselor", req + "/assign", admin,
            new JsonObject().put("counselorId", inactiveCounselor), 422, "INACTIVE_COUNSELOR"),
        action("assigning to both a counselor and a commission", req + "/assign", admin,
            new JsonObject().put("counselorId", "a").put("commissionId", "b"), 400, "VALIDATION_FAILED"),
        action("an invitation to a meeting in the past", req + "/invite", admin, new JsonObject()
            .put("meetingAt", Instant.now().minusSeconds(3600).toString()).put("place", "Hall"), 422,
            "MEETING_IN_PAST"),
        action("an invitation with an unreadable date", req + "/invite", admin, new JsonObject()
            .put("meetingAt", "next Tuesday at ten").put("place", "Hall"), 400, "VALIDATION_FAILED"),
        action("a priority that does not exist", req + "/priority", admin, new JsonObject().put("priority", "HIGH"),
            400, "VALIDATION_FAILED"),
        action("the priority it already has", req + "/priority", admin, new JsonObject().put("priority", "URGENT"),
            409, "PRIORITY_UNCHANGED"),
        action("a rejection without a reason", req + "/reject", admin, new JsonObject(), 400, "VALIDATION_FAILED"),
        action("an empty response message", req + "/respond", admin, new JsonObject().put("message", ""), 400,
            "VALIDATION_FAILED"),
        action("a withdrawal without the access code", req + "/withdraw", null, null, 400, null),
        new Case("a withdrawal with a wrong access code", HttpMethod.POST, req + "/withdraw", null, null,
            "WRONGCODE123", 403, "FORBIDDEN"),
        new Case("a private view with a wrong access code", HttpMethod.GET, req, null, null, "WRONGCODE123", 403,
            "FORBIDDEN"),
        action("login with a wrong password", "/api/auth/login", null,
            new JsonObject().put("username", "admin").put("password", "wrong"), 401, "UNAUTHORIZED"),
        action("an account with a password that is too short", "/api/admin/users", admin,
            new JsonObject().put("username", "shorty").put("password", "short").put("role", "STAFF"), 400,
            "VALIDATION_FAILED"),
        action("an account with an unknown role", "/api/admin/users", admin,
            new JsonObject().put("username", "mayor").put("password", "long-enough-password").put("role", "MAYOR"),
            400, "VALIDATION_FAILED"),
        action("a counselor account for an unknown counselor", "/api/admin/users", admin,
            new JsonObject().put("username", "ghost").put("password", "long-enough-password").put("role", "COUNSELOR")
                .put("counselorId", "nobody"), 422, "UNKNOWN_COUNSELOR"),
        action("a counselor in an unknown commission", "/api/admin/counselors", admin,
            new JsonObject().put("fullName", "New Member").put("officialEmail", "new@tirana.al")
                .put("commissions", new JsonArray().add("no-such-commission")), 422, "UNKNOWN_COMMISSION"),
        action("a counselor with an invalid official email", "/api/admin/counselors", admin,
            new JsonObject().put("fullName", "New Member").put("officialEmail", "not an email"), 400,
            "VALIDATION_FAILED"),
        action("a commission created by a non-admin", "/api/admin/commissions", counselorToken,
            new JsonObject().put("name", "Shadow Commission"), 403, "FORBIDDEN"),
        new Case("an update of an unknown commission", HttpMethod.PUT, "/api/admin/commissions/nope", admin,
            new JsonObject().put("name", "X"), null, 404, "NOT_FOUND")
    ).map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  @DisplayName("is refused")
  void refused(Case c) throws Exception {
    Refusal.assertRefused(app, () -> send(c), c.status(), c.error(), "domain_event_entry", "citizen_data_key",
        "user_account");
  }

  private static HttpResponse<Buffer> send(Case c) {
    HttpRequest<Buffer> request = app.client().request(c.method(), c.path());
    if (c.accessCode() != null) {
      request.putHeader("X-Access-Code", c.accessCode());
    }
    return app.send(request, c.token(), c.body());
  }
}
