package al.tirana.councilline.request;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.support.Await;
import al.tirana.councilline.support.CaughtUp;
import al.tirana.councilline.support.StartedApp;
import al.tirana.councilline.support.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@StartedApp
@DisplayName("The README walkthrough on the real application")
class RequestWalkthroughTest {

  @StartedApp.Node
  private static TestApp app;
  @StartedApp.Admin
  private static String admin;

  @Test
  @DisplayName("health is UP while the database answers")
  void health() {
    HttpResponse<Buffer> response = app.get("/health", null);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("status", "UP"));
  }

  @Test
  @DisplayName("serves its OpenAPI contract")
  void contract() {
    HttpResponse<Buffer> response = app.get("/openapi.yaml", null);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsString()).contains("operationId: submitRequest");
  }

  @Test
  @DisplayName("an admin builds the directory, a citizen submits, staff assign, a counselor responds, the citizen tracks it")
  void walkthrough() {
    String commission = app.createCommission(admin, "Youth Commission");
    String counselor = app.createCounselor(admin, "Arta Hoxha", "arta.hoxha@tirana.al", commission);
    String staff = app.createUser(admin, "desk.kombinat", "STAFF", null);
    String arta = app.createUser(admin, "arta", "COUNSELOR", counselor);

    JsonObject listed = find(app.get("/api/counselors", null).bodyAsJsonArray(), counselor);
    assertThat(listed.getString("fullName")).isEqualTo("Arta Hoxha");
    assertThat(listed.getString("officialEmail")).isEqualTo("arta.hoxha@tirana.al");
    assertThat(listed.getJsonArray("commissions").getList()).containsExactly(commission);
    assertThat(find(app.get("/api/commissions", null).bodyAsJsonArray(), commission).getString("name"))
        .isEqualTo("Youth Commission");

    JsonObject submitted = app.submit(TestApp.submission("COMMISSION", commission));
    String number = submitted.getString("number");
    assertThat(number).matches("TR-\\d{4}-\\d{6}");
    assertThat(submitted.getString("accessCode")).hasSizeGreaterThanOrEqualTo(8);
    assertThat(submitted.getString("status")).isEqualTo("SUBMITTED");
    assertThat(Duration.between(Instant.parse(submitted.getString("submittedAt")),
        Instant.parse(submitted.getString("dueAt")))).isEqualTo(Duration.ofDays(3));

    JsonObject tracked = app.get("/api/requests/" + number, null).bodyAsJsonObject();
    assertThat(tracked.getString("status")).isEqualTo("SUBMITTED");
    // the receipt comes from the command, not from the view: both must tell the same times
    assertThat(tracked.getString("submittedAt")).isEqualTo(submitted.getString("submittedAt"));
    assertThat(tracked.getString("dueAt")).isEqualTo(submitted.getString("dueAt"));
    // the view row holds both of the submission's events (the submission and the SLA clock's start)
    assertThat(tracked.getLong("version")).isEqualTo(1L);
    assertThat(Instant.parse(tracked.getString("lastActivityAt")))
        .isAfterOrEqualTo(Instant.parse(submitted.getString("submittedAt")));
    assertThat(tracked.getJsonObject("addressee").getString("name")).isEqualTo("Youth Commission");
    assertThat(tracked.getJsonArray("timeline")).hasSize(1);
    assertThat(tracked.encode()).doesNotContain("Elira").doesNotContain("elira.kolaj").doesNotContain("123 4567")
        .doesNotContain("Youth centre in Kombinat");

    HttpResponse<Buffer> assigned = app.post("/api/requests/" + number + "/assign", staff,
        new JsonObject().put("counselorId", counselor));
    assertThat(assigned.statusCode()).isEqualTo(200);
    assertThat(assigned.bodyAsJsonObject().getString("status")).isEqualTo("ASSIGNED");
    assertThat(assigned.bodyAsJsonObject().getJsonObject("assignee").getString("name")).isEqualTo("Arta Hoxha");
    assertThat(assigned.bodyAsJsonObject().getLong("version")).isEqualTo(2L);

    HttpResponse<Buffer> noted = app.post("/api/requests/" + number + "/notes", arta,
        new JsonObject().put("text", "Check the 2025 budget line"));
    assertThat(noted.statusCode()).isEqualTo(200);

    HttpResponse<Buffer> responded = app.post("/api/requests/" + number + "/respond", arta,
        new JsonObject().put("message", "The centre reopens on 15 January."));
    assertThat(responded.statusCode()).isEqualTo(200);
    assertThat(responded.bodyAsJsonObject().getString("status")).isEqualTo("RESPONDED");

    JsonObject publicView = app.get("/api/requests/" + number, null).bodyAsJsonObject();
    assertThat(publicView.getString("status")).isEqualTo("RESPONDED");
    assertThat(publicView.getJsonArray("timeline").stream().map(o -> ((JsonObject) o).getString("type")))
        .containsExactly("RequestSubmitted", "RequestAssigned", "RequestResponded");
    assertThat(publicView.encode()).doesNotContain("15 January").doesNotContain("budget line");

    HttpResponse<Buffer> privateResponse = app.send(app.client().get("/api/requests/" + number)
        .putHeader("X-Access-Code", submitted.getString("accessCode")), null, null);
    JsonObject privateView = privateResponse.bodyAsJsonObject();
    assertThat(privateView.getJsonObject("citizen").getString("firstName")).isEqualTo("Elira");
    assertThat(privateView.getJsonObject("citizen").getString("email")).isEqualTo("elira.kolaj@example.al");
    assertThat(privateView.getString("subject")).isEqualTo("Youth centre in Kombinat");
    assertThat(privateView.getJsonArray("responses").getJsonObject(0).getString("message"))
        .isEqualTo("The centre reopens on 15 January.");
    assertThat(privateView.encode()).doesNotContain("budget line");

    JsonObject staffView = app.get("/api/requests/" + number, staff).bodyAsJsonObject();
    assertThat(staffView.encode()).contains("budget line");
  }

  @Test
  @DisplayName("a request goes through every lifecycle step over HTTP")
  void fullLifecycle() {
    String commission = app.createCommission(admin, "Finance Commission");
    String first = app.createCounselor(admin, "Besa Leka", "besa.leka@tirana.al", commission);
    String second = app.createCounselor(admin, "Gent Dervishi", "gent.dervishi@tirana.al", commission);
    String number = app.submit(TestApp.submission("COUNSELOR", first)).getString("number");
    String path = "/api/requests/" + number;

    expectStatus(app.post(path + "/acknowledge", admin, new JsonObject()), "ACKNOWLEDGED");
    expectStatus(app.post(path + "/assign", admin, new JsonObject().put("counselorId", first)), "ASSIGNED");
    expectStatus(app.post(path + "/assign", admin, new JsonObject().put("counselorId", second)), "ASSIGNED");
    expectStatus(app.post(path + "/refer", admin, new JsonObject().put("department", "Directorate of Finance")),
        "REFERRED");
    expectStatus(app.post(path + "/invite", admin, new JsonObject()
        .put("meetingAt", Instant.now().plus(Duration.ofDays(10)).toString()).put("place", "Council hall")), "REFERRED");
    expectStatus(app.post(path + "/priority", admin, new JsonObject().put("priority", "NORMAL")), "REFERRED");
    expectStatus(app.post(path + "/respond", admin, new JsonObject().put("message", "Funds allocated")), "RESPONDED");
    expectStatus(app.post(path + "/resolve", admin, null), "RESOLVED");
    expectStatus(app.post(path + "/close", admin, new JsonObject()), "CLOSED");
    expectStatus(app.post(path + "/reopen", admin, new JsonObject().put("reason", "Funds withdrawn")), "ASSIGNED");
    expectStatus(app.post(path + "/respond", admin, new JsonObject().put("message", "Funds restored")), "RESPONDED");

    JsonObject view = app.get(path, null).bodyAsJsonObject();
    assertThat(view.getString("priority")).isEqualTo("NORMAL");
    assertThat(Duration.between(Instant.parse(view.getString("submittedAt")), Instant.parse(view.getString("dueAt"))))
        .isEqualTo(Duration.ofDays(15));
    assertThat(view.getJsonArray("timeline").stream().map(o -> ((JsonObject) o).getString("type"))).containsExactly(
        "RequestSubmitted", "RequestAcknowledged", "RequestAssigned", "RequestReassigned",
        "RequestReferredToDepartment", "CitizenInvitedToMeeting", "PriorityChanged", "RequestResponded",
        "RequestResolved", "RequestClosed", "RequestReopened", "RequestResponded");
    // counselors are public officials: the public timeline names them, as the directory has them
    assertThat(view.getJsonArray("timeline").getJsonObject(0).getString("summary")).contains("counselor Besa Leka");
    assertThat(view.getJsonArray("timeline").getJsonObject(3).getString("summary"))
        .contains("counselor Besa Leka").contains("counselor Gent Dervishi");
  }

  @Test
  @DisplayName("the citizen withdraws with the access code, and a second withdrawal is refused")
  void withdraw() {
    String commission = app.createCommission(admin, "Transport Commission");
    JsonObject submitted = app.submit(TestApp.submission("COMMISSION", commission));
    String path = "/api/requests/" + submitted.getString("number") + "/withdraw";

    HttpResponse<Buffer> withdrawn = app.send(app.client().post(path)
        .putHeader("X-Access-Code", submitted.getString("accessCode")), null, null);
    assertThat(withdrawn.statusCode()).isEqualTo(200);
    assertThat(withdrawn.bodyAsJsonObject().getString("status")).isEqualTo("WITHDRAWN");

    HttpResponse<Buffer> again = app.send(app.client().post(path)
        .putHeader("X-Access-Code", submitted.getString("accessCode")), null, null);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.bodyAsJsonObject().getString("error")).isEqualTo("ILLEGAL_TRANSITION");
  }

  @Test
  @DisplayName("the citizen rates the response once with the access code")
  void rating() {
    String commission = app.createCommission(admin, "Rents Commission");
    JsonObject submitted = app.submit(TestApp.submission("COMMISSION", commission));
    String path = "/api/requests/" + submitted.getString("number");
    app.post(path + "/respond", admin, new JsonObject().put("message", "Your rent subsidy was approved"));
    HttpResponse<Buffer> rated = app.send(app.client().post(path + "/rating")
        .putHeader("X-Access-Code", submitted.getString("accessCode")), null,
        new JsonObject().put("score", 5).put("comment", "Thank you"));
    assertThat(rated.statusCode()).as(rated.bodyAsString()).isEqualTo(200);
    assertThat(app.get(path, null).bodyAsJsonObject().getJsonArray("timeline").encode())
        .contains("The citizen rated the response 5/5").doesNotContain("Thank you");
    HttpResponse<Buffer> again = app.send(app.client().post(path + "/rating")
        .putHeader("X-Access-Code", submitted.getString("accessCode")), null, new JsonObject().put("score", 1));
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.bodyAsJsonObject().getString("error")).isEqualTo("ALREADY_RATED");
    assertThat(app.send(app.client().post(path + "/rating").putHeader("X-Access-Code", "WRONGCODE123"), null,
        new JsonObject().put("score", 1)).statusCode()).isEqualTo(403);
    assertThat(app.send(app.client().post(path + "/rating")
        .putHeader("X-Access-Code", submitted.getString("accessCode")), null,
        new JsonObject().put("score", 9)).statusCode()).isEqualTo(400);
  }

  @Test
  @DisplayName("desk staff register a request on a citizen's behalf with the administrative unit")
  void deskRegistration() {
    String staff = app.createUser(admin, "desk.unit7", "STAFF", null);
    String commission = app.createCommission(admin, "Urban Planning Commission");
    JsonObject submission = TestApp.submission("COMMISSION", commission).put("channel", "DESK")
        .put("administrativeUnit", 7);
    HttpResponse<Buffer> response = app.post("/api/requests", staff, submission);
    assertThat(response.statusCode()).isEqualTo(201);
    JsonObject view = app.get("/api/requests/" + response.bodyAsJsonObject().getString("number"), staff)
        .bodyAsJsonObject();
    assertThat(view.getString("channel")).isEqualTo("DESK");
    assertThat(view.getInteger("administrativeUnit")).isEqualTo(7);
    assertThat(view.getJsonArray("timeline").getJsonObject(0).getJsonObject("by").getString("id"))
        .isEqualTo("desk.unit7");
  }

  @Test
  @DisplayName("a citizen names the place (a point, an address, a unit): the public, private and council views and the "
      + "council's inbox show it as given")
  void place() throws Exception {
    String commission = app.createCommission(admin, "Environment Commission");
    JsonObject location = new JsonObject().put("lat", 41.3275).put("long", 19.8187)
        .put("address", "Sheshi Skënderbej");
    JsonObject submitted = app.submit(TestApp.submission("COMMISSION", commission).put("location", location)
        .put("administrativeUnit", 5));
    String number = submitted.getString("number");
    for (HttpResponse<Buffer> view : java.util.List.of(app.get("/api/requests/" + number, null),
        app.send(app.client().get("/api/requests/" + number).putHeader("X-Access-Code",
            submitted.getString("accessCode")), null, null),
        app.get("/api/requests/" + number, admin))) {
      assertThat(view.statusCode()).isEqualTo(200);
      assertThat(view.bodyAsJsonObject().getJsonObject("location")).isEqualTo(location);
      assertThat(view.bodyAsJsonObject().getInteger("administrativeUnit")).isEqualTo(5);
    }
    JsonObject item = Await.value("the request in the inbox", () -> app.get("/api/inbox?commissionId=" + commission,
        admin).bodyAsJsonObject().getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(i -> number.equals(i.getString("number"))).findFirst());
    assertThat(item.getJsonObject("location")).isEqualTo(location);
    assertThat(item.getInteger("administrativeUnit")).isEqualTo(5);
    String placeless = app.submit(TestApp.submission("COMMISSION", commission)).getString("number");
    JsonObject other = Await.value("the placeless request in the inbox", () -> app.get("/api/inbox?commissionId="
        + commission, admin).bodyAsJsonObject().getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(i -> placeless.equals(i.getString("number"))).findFirst());
    assertThat(other.containsKey("location")).as("no place, no location").isFalse();

    HttpResponse<Buffer> half = app.post("/api/requests", null, TestApp.submission("COMMISSION", commission)
        .put("location", new JsonObject().put("lat", 41.3275)));
    assertThat(half.statusCode()).isEqualTo(400);
    assertThat(half.bodyAsJsonObject().getJsonArray("details").getJsonObject(0).getString("field"))
        .as("the missing coordinate is named, for the form to show it there").isEqualTo("/location/long");
  }

  @Test
  @DisplayName("the inbox keeps the place itself: shown with the request's first inbox row, kept while the request "
      + "views are blank (as during their rebuild), and filled again by a rebuild of the inbox")
  void placeOfTheInbox(@StartedApp.Fresh TestApp node, @StartedApp.Admin String token,
                       @StartedApp.Commission("Environment Commission") String commission) throws Exception {
    JsonObject location = new JsonObject().put("lat", 41.32751).put("long", 19.81869).put("address", "Rruga e Kavajës");
    String number = node.submit(TestApp.submission("COMMISSION", commission).put("location", location))
        .getString("number");
    assertThat(inboxItem(node, token, commission, number).getJsonObject("location"))
        .as("the first inbox row that lists the request shows its place").isEqualTo(location);

    try (java.sql.Connection db = node.jdbc(); java.sql.Statement statement = db.createStatement()) {
      statement.executeUpdate("UPDATE request_view SET latitude = NULL, longitude = NULL, address = NULL");
    }
    assertThat(inboxItem(node, token, commission, number).getJsonObject("location"))
        .as("the inbox does not read the place from the request views").isEqualTo(location);

    assertThat(node.post("/api/admin/projections/inbox/rebuild", token, null).statusCode()).isEqualTo(202);
    CaughtUp.all(node);
    assertThat(inboxItem(node, token, commission, number).getJsonObject("location"))
        .as("the rebuilt inbox has the place from the submission again").isEqualTo(location);
  }

  /** The request's row in the commission's inbox, once it is there. */
  private static JsonObject inboxItem(TestApp node, String token, String commission, String number)
      throws Exception {
    return Await.value("the request in the inbox", () -> node.get("/api/inbox?commissionId=" + commission, token)
        .bodyAsJsonObject().getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(i -> number.equals(i.getString("number"))).findFirst());
  }

  private static JsonObject find(JsonArray list, String id) {
    return list.stream().map(JsonObject.class::cast).filter(o -> id.equals(o.getString("id"))).findFirst()
        .orElseThrow(() -> new AssertionError(id + " is not listed in " + list.encode()));
  }

  private static void expectStatus(HttpResponse<Buffer> response, String status) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject().getString("status")).isEqualTo(status);
  }
}
