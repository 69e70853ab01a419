package al.tirana.councilline.support;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Requests brought into each state of their lifecycle through the API, as staff and a citizen would, and a valid
 * body for every action, so tests can try every action in every state.
 */
public final class RequestStates {

  /** Every state a request can reach, plus a resolved request published as a success story. */
  public static final List<String> STATES = List.of("SUBMITTED", "ACKNOWLEDGED", "ASSIGNED", "REFERRED",
      "AWAITING_CITIZEN", "RESPONDED", "RESOLVED", "CLOSED", "REJECTED", "WITHDRAWN", "RESOLVED_STORY");

  /** The council's actions, as named in allowedActions. */
  public static final List<String> COUNCIL_ACTIONS = List.of("acknowledge", "assign", "respond", "await-citizen",
      "resume", "refer", "invite", "notes", "priority", "extend", "resolve", "close", "reject", "reopen",
      "success-story", "withdraw-success-story", "spam");

  public static final List<String> CITIZEN_ACTIONS = List.of("withdraw", "answer", "rating");

  private final TestApp app;
  private final String staffToken;
  private final String commissionId;
  private final String assigneeId;
  private final String otherCounselorId;

  /**
   * Requests go to the commission; the assignee is a member of it (concerned either way), the other counselor is
   * who "assign" hands a request to.
   */
  public RequestStates(TestApp app, String staffToken, String commissionId, String assigneeId,
                       String otherCounselorId) {
    this.app = app;
    this.staffToken = staffToken;
    this.commissionId = commissionId;
    this.assigneeId = assigneeId;
    this.otherCounselorId = otherCounselorId;
  }

  /**
   * A small council for these requests: the commission "Komisioni i Parqeve" with Arta Hoxha as member (whose email
   * is given), Besa Leka in no commission, and the desk account "desk" (password "password-of-desk").
   */
  public static RequestStates council(TestApp app, String artaEmail) {
    String admin = app.adminToken();
    String commission = app.createCommission(admin, "Komisioni i Parqeve");
    String member = app.createCounselor(admin, "Arta Hoxha", artaEmail, commission);
    String other = app.createCounselor(admin, "Besa Leka", "besa.leka@tirana.al");
    return new RequestStates(app, app.createUser(admin, "desk", "STAFF", null), commission, member, other);
  }

  public String commissionId() {
    return commissionId;
  }

  /** Arta, a member of the commission the requests go to. */
  public String memberId() {
    return assigneeId;
  }

  /** Besa, whom no request concerns until one is assigned to her. */
  public String otherId() {
    return otherCounselorId;
  }

  public String staffToken() {
    return staffToken;
  }

  /** A new request in the given state: its number and access code. */
  public JsonObject inState(String state) {
    JsonObject receipt = app.submit(TestApp.submission("COMMISSION", commissionId));
    String number = receipt.getString("number");
    switch (state) {
      case "SUBMITTED" -> { }
      case "ACKNOWLEDGED" -> staff(number, "acknowledge");
      case "ASSIGNED" -> staff(number, "assign", new JsonObject().put("counselorId", assigneeId));
      case "REFERRED" -> {
        staff(number, "acknowledge");
        staff(number, "refer");
      }
      case "AWAITING_CITIZEN" -> staff(number, "await-citizen");
      case "RESPONDED" -> staff(number, "respond");
      case "RESOLVED" -> {
        staff(number, "respond");
        staff(number, "resolve");
      }
      case "RESOLVED_STORY" -> {
        staff(number, "respond");
        staff(number, "resolve");
        staff(number, "success-story");
      }
      case "CLOSED" -> {
        staff(number, "respond");
        staff(number, "close");
      }
      case "REJECTED" -> staff(number, "reject");
      case "WITHDRAWN" -> ok(citizen(number, receipt.getString("accessCode"), "withdraw"));
      default -> throw new IllegalArgumentException(state);
    }
    return receipt;
  }

  private void staff(String number, String action) {
    ok(act(number, action, staffToken));
  }

  private void staff(String number, String action, JsonObject body) {
    ok(app.post("/api/requests/" + number + "/" + action, staffToken, body));
  }

  /** Takes a council action with a body the contract and the rules accept (the state aside). */
  public HttpResponse<Buffer> act(String number, String action, String token) {
    String path = "/api/requests/" + number + "/" + action;
    if (action.equals("withdraw-success-story")) {
      return app.send(app.client().delete("/api/requests/" + number + "/success-story"), token, null);
    }
    return app.post(path, token, bodyOf(action));
  }

  public HttpResponse<Buffer> citizen(String number, String code, String action) {
    JsonObject body = switch (action) {
      case "answer" -> new JsonObject().put("message", "The bench is at the corner of the park.\nThe second one.");
      case "rating" -> new JsonObject().put("score", 4).put("comment", "Quick answer");
      default -> null;
    };
    return app.send(app.client().post("/api/requests/" + number + "/" + action).putHeader("X-Access-Code", code),
        null, body);
  }

  public JsonObject bodyOf(String action) {
    return switch (action) {
      case "assign" -> new JsonObject().put("counselorId", otherCounselorId);
      case "respond" -> new JsonObject().put("message", "We will repair it.\nThe works start on Monday.");
      case "await-citizen" -> new JsonObject().put("message", "Which bench is it?");
      case "refer" -> new JsonObject().put("department", "Directorate of Parks");
      case "invite" -> new JsonObject().put("meetingAt", Instant.now().plus(30, ChronoUnit.DAYS).toString())
          .put("place", "Council hall");
      case "notes" -> new JsonObject().put("text", "Called the citizen.");
      case "priority" -> new JsonObject().put("priority", "NORMAL");
      case "extend" -> new JsonObject().put("dueAt", "2099-01-15T10:30:00+01:00").put("reason", "Waiting for a report");
      case "reject" -> new JsonObject().put("reason", "Not a council matter");
      case "reopen" -> new JsonObject().put("reason", "The citizen wrote again");
      case "success-story" -> new JsonObject().put("title", "The bench is back").put("summary", "Repaired in a week")
          .put("citizenConsented", true);
      case "spam" -> new JsonObject().put("reason", "Advertising");
      default -> null;
    };
  }

  private static void ok(HttpResponse<Buffer> response) {
    if (response.statusCode() != 200) {
      throw new AssertionError("expected 200, got " + response.statusCode() + ": " + response.bodyAsString());
    }
  }
}
