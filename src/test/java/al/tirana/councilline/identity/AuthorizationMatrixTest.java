package al.tirana.councilline.identity;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.support.StartedApp;
import al.tirana.councilline.support.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every operation of the contract, called by every kind of caller: allowed ones get past authorization, refused
 * ones get 401 (anonymous) or 403, and a refusal says nothing but why.
 */
@DisplayName("The authorization matrix")
class AuthorizationMatrixTest {

  enum Who { ANONYMOUS, ADMIN, STAFF, COUNSELOR, OTHER_COUNSELOR, AUDITOR }

  private static final Set<Who> EVERYONE = EnumSet.allOf(Who.class);
  private static final Set<Who> ACCOUNTS = EnumSet.complementOf(EnumSet.of(Who.ANONYMOUS));
  private static final Set<Who> ADMIN = EnumSet.of(Who.ADMIN);
  private static final Set<Who> STAFF = EnumSet.of(Who.ADMIN, Who.STAFF);
  private static final Set<Who> HANDLERS = EnumSet.of(Who.ADMIN, Who.STAFF, Who.COUNSELOR);
  private static final Set<Who> INBOX = EnumSet.of(Who.ADMIN, Who.STAFF, Who.COUNSELOR, Who.OTHER_COUNSELOR,
      Who.AUDITOR);

  record Rule(HttpMethod method, String path, Set<Who> allowed, Supplier<Object> body) {
  }

  @Test
  @DisplayName("lets each role do exactly what it may, on every endpoint")
  void matrix(@StartedApp.Fresh TestApp app, @StartedApp.Admin String admin,
      @StartedApp.Commission("Youth Commission") String commission) throws Exception {
    String otherCommission = app.createCommission(admin, "Finance Commission");
    String counselor = app.createCounselor(admin, "Arta Hoxha", "arta.hoxha@tirana.al", commission);
    String other = app.createCounselor(admin, "Gent Dervishi", "gent.dervishi@tirana.al", otherCommission);
    Map<Who, String> tokens = new LinkedHashMap<>();
    tokens.put(Who.ANONYMOUS, null);
    tokens.put(Who.ADMIN, admin);
    tokens.put(Who.STAFF, app.createUser(admin, "desk.matrix", "STAFF", null));
    tokens.put(Who.COUNSELOR, app.createUser(admin, "arta", "COUNSELOR", counselor));
    tokens.put(Who.OTHER_COUNSELOR, app.createUser(admin, "gent", "COUNSELOR", other));
    tokens.put(Who.AUDITOR, app.createUser(admin, "auditor.matrix", "AUDITOR", null));
    JsonObject submitted = app.submit(TestApp.submission("COMMISSION", commission));
    String n = submitted.getString("number");
    String r = "/api/requests/" + n;

    Map<String, Rule> rules = new LinkedHashMap<>();
    rules.put("health", new Rule(HttpMethod.GET, "/health", EVERYONE, null));
    rules.put("listCommissions", new Rule(HttpMethod.GET, "/api/commissions", EVERYONE, null));
    rules.put("listCounselors", new Rule(HttpMethod.GET, "/api/counselors", EVERYONE, null));
    rules.put("submitRequest", new Rule(HttpMethod.POST, "/api/requests", EVERYONE,
        () -> TestApp.submission("COMMISSION", commission)));
    rules.put("getRequest", new Rule(HttpMethod.GET, r, EVERYONE, null));
    rules.put("getFeed", new Rule(HttpMethod.GET, "/api/feed", EVERYONE, null));
    rules.put("counselorTimeline", new Rule(HttpMethod.GET, "/api/counselors/" + counselor + "/timeline",
        EVERYONE, null));
    rules.put("commissionTimeline", new Rule(HttpMethod.GET, "/api/commissions/" + commission + "/timeline",
        EVERYONE, null));
    rules.put("stats", new Rule(HttpMethod.GET, "/api/stats", EVERYONE, null));
    rules.put("statsBreakdown", new Rule(HttpMethod.GET, "/api/stats/breakdown?by=category", EVERYONE, null));
    rules.put("statsCsv", new Rule(HttpMethod.GET, "/api/stats.csv", EVERYONE, null));
    rules.put("openDataCsv", new Rule(HttpMethod.GET, "/api/open-data/requests.csv", EVERYONE, null));
    rules.put("openDataJson", new Rule(HttpMethod.GET, "/api/open-data/requests.json", EVERYONE, null));
    rules.put("openDataDictionary", new Rule(HttpMethod.GET, "/api/open-data/dictionary", EVERYONE, null));
    rules.put("successStories", new Rule(HttpMethod.GET, "/api/success-stories", EVERYONE, null));
    rules.put("slaSummary", new Rule(HttpMethod.GET, "/api/sla/summary?by=commission", EVERYONE, null));
    rules.put("auditHead", new Rule(HttpMethod.GET, "/api/audit/head", EVERYONE, null));
    rules.put("eventCatalog", new Rule(HttpMethod.GET, "/api/events/catalog", EVERYONE, null));
    rules.put("jwks", new Rule(HttpMethod.GET, "/.well-known/jwks.json", EVERYONE, null));
    rules.put("ready", new Rule(HttpMethod.GET, "/ready", EVERYONE, null));
    rules.put("metrics", new Rule(HttpMethod.GET, "/metrics", EVERYONE, null));
    rules.put("opsSummary", new Rule(HttpMethod.GET, "/api/ops/summary", EnumSet.of(Who.ADMIN, Who.STAFF,
        Who.AUDITOR), null));
    rules.put("routeByTopic", new Rule(HttpMethod.GET, "/api/routing/YOUTH", EVERYONE, null));
    rules.put("recoverAccessCodes", new Rule(HttpMethod.POST, "/api/requests/recover", EVERYONE,
        () -> new JsonObject().put("email", "nobody.known@example.al")));

    rules.put("createUser", new Rule(HttpMethod.POST, "/api/admin/users", ADMIN, () -> new JsonObject()
        .put("username", "u" + System.nanoTime()).put("password", "long-enough-password").put("role", "STAFF")));
    rules.put("createCommission", new Rule(HttpMethod.POST, "/api/admin/commissions", ADMIN,
        () -> new JsonObject().put("name", "Temporary Commission")));
    rules.put("updateCommission", new Rule(HttpMethod.PUT, "/api/admin/commissions/" + commission, ADMIN,
        () -> new JsonObject().put("name", "Youth Commission")));
    rules.put("createCounselor", new Rule(HttpMethod.POST, "/api/admin/counselors", ADMIN,
        () -> new JsonObject().put("fullName", "New Member").put("officialEmail", "new@tirana.al")));
    rules.put("updateCounselor", new Rule(HttpMethod.PUT, "/api/admin/counselors/" + other, ADMIN,
        () -> new JsonObject().put("fullName", "Gent Dervishi").put("officialEmail", "gent.dervishi@tirana.al")
            .put("commissions", new io.vertx.core.json.JsonArray().add(otherCommission))));
    rules.put("listUsers", new Rule(HttpMethod.GET, "/api/admin/users", ADMIN, null));
    rules.put("rotateSigningKey", new Rule(HttpMethod.POST, "/api/admin/keys/rotate", ADMIN, null));
    app.createUser(admin, "to.deactivate", "STAFF", null);
    rules.put("deactivateUser", new Rule(HttpMethod.POST, "/api/admin/users/to.deactivate/deactivate", ADMIN,
        null));
    app.createUser(admin, "to.reactivate", "STAFF", null);
    app.post("/api/admin/users/to.reactivate/deactivate", admin, null);
    rules.put("reactivateUser", new Rule(HttpMethod.POST, "/api/admin/users/to.reactivate/reactivate", ADMIN,
        null));
    rules.put("rebuildProjection", new Rule(HttpMethod.POST, "/api/admin/projections/feed/rebuild", ADMIN, null));
    rules.put("addHoliday", new Rule(HttpMethod.POST, "/api/admin/holidays", ADMIN,
        () -> new JsonObject().put("day", "2030-01-01").put("name", "Viti i Ri")));
    rules.put("removeHoliday", new Rule(HttpMethod.DELETE, "/api/admin/holidays/2030-01-01", ADMIN, null));
    rules.put("importHolidays", new Rule(HttpMethod.POST, "/api/admin/holidays/import", ADMIN,
        () -> "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20300314\r\nSUMMARY:Dita e Verës\r\n"
            + "END:VEVENT\r\nEND:VCALENDAR\r\n"));
    rules.put("listHolidays", new Rule(HttpMethod.GET, "/api/admin/holidays", EnumSet.of(Who.ADMIN, Who.STAFF,
        Who.AUDITOR), null));
    rules.put("listOutbox", new Rule(HttpMethod.GET, "/api/admin/outbox", STAFF, null));
    rules.put("createApiKey", new Rule(HttpMethod.POST, "/api/admin/api-keys", ADMIN,
        () -> new JsonObject().put("name", "City App")));
    rules.put("listApiKeys", new Rule(HttpMethod.GET, "/api/admin/api-keys", ADMIN, null));
    rules.put("revokeApiKey", new Rule(HttpMethod.DELETE, "/api/admin/api-keys/unknown-key", ADMIN, null));
    rules.put("open311DiscoveryJson", new Rule(HttpMethod.GET, "/open311/v2/discovery.json", EVERYONE, null));
    rules.put("open311DiscoveryXml", new Rule(HttpMethod.GET, "/open311/v2/discovery.xml", EVERYONE, null));
    rules.put("open311ServicesJson", new Rule(HttpMethod.GET, "/open311/v2/services.json", EVERYONE, null));
    rules.put("open311ServicesXml", new Rule(HttpMethod.GET, "/open311/v2/services.xml", EVERYONE, null));
    rules.put("open311ServiceDefinition", new Rule(HttpMethod.GET, "/open311/v2/services/YOUTH.json", EVERYONE,
        null));
    rules.put("open311RequestsJson", new Rule(HttpMethod.GET, "/open311/v2/requests.json", EVERYONE, null));
    rules.put("open311RequestsXml", new Rule(HttpMethod.GET, "/open311/v2/requests.xml", EVERYONE, null));
    rules.put("open311Request", new Rule(HttpMethod.GET, "/open311/v2/requests/" + n + ".xml", EVERYONE, null));
    rules.put("open311Token", new Rule(HttpMethod.GET, "/open311/v2/tokens/none.json", EVERYONE, null));
    String hook = "/api/admin/webhooks/00000000-0000-0000-0000-000000000000";
    rules.put("createWebhook", new Rule(HttpMethod.POST, "/api/admin/webhooks", ADMIN, () -> new JsonObject()
        .put("url", "https://receiver.example.al/hooks").put("eventTypes", new io.vertx.core.json.JsonArray()
            .add("RequestResolved"))));
    rules.put("listWebhooks", new Rule(HttpMethod.GET, "/api/admin/webhooks", ADMIN, null));
    rules.put("deleteWebhook", new Rule(HttpMethod.DELETE, hook, ADMIN, null));
    rules.put("listWebhookDeliveries", new Rule(HttpMethod.GET, hook + "/deliveries", ADMIN, null));
    rules.put("resumeWebhook", new Rule(HttpMethod.POST, hook + "/resume", ADMIN, null));
    rules.put("redeliverWebhook", new Rule(HttpMethod.POST, "/api/admin/webhooks/deliveries/msg_none/redeliver",
        ADMIN, null));

    rules.put("acknowledgeRequest", new Rule(HttpMethod.POST, r + "/acknowledge", STAFF, JsonObject::new));
    rules.put("assignRequest", new Rule(HttpMethod.POST, r + "/assign", STAFF,
        () -> new JsonObject().put("counselorId", counselor)));
    rules.put("changePriority", new Rule(HttpMethod.POST, r + "/priority", STAFF,
        () -> new JsonObject().put("priority", "NORMAL")));
    rules.put("referRequest", new Rule(HttpMethod.POST, r + "/refer", HANDLERS,
        () -> new JsonObject().put("department", "Directorate of Youth")));
    rules.put("inviteCitizen", new Rule(HttpMethod.POST, r + "/invite", HANDLERS, () -> new JsonObject()
        .put("meetingAt", java.time.Instant.now().plusSeconds(86_400).toString()).put("place", "Hall")));
    rules.put("addNote", new Rule(HttpMethod.POST, r + "/notes", HANDLERS,
        () -> new JsonObject().put("text", "Checked")));
    rules.put("awaitCitizen", new Rule(HttpMethod.POST, r + "/await-citizen", HANDLERS,
        () -> new JsonObject().put("message", "Which building?")));
    rules.put("resumeClock", new Rule(HttpMethod.POST, r + "/resume", STAFF, JsonObject::new));
    rules.put("extendDeadline", new Rule(HttpMethod.POST, r + "/extend", STAFF, () -> new JsonObject()
        .put("dueAt", java.time.Instant.now().plusSeconds(30 * 86_400).toString()).put("reason", "Survey")));
    rules.put("respondToRequest", new Rule(HttpMethod.POST, r + "/respond", HANDLERS,
        () -> new JsonObject().put("message", "Answered")));
    rules.put("resolveRequest", new Rule(HttpMethod.POST, r + "/resolve", STAFF, JsonObject::new));
    rules.put("publishSuccessStory", new Rule(HttpMethod.POST, r + "/success-story", STAFF, () -> new JsonObject()
        .put("title", "T").put("summary", "S").put("citizenConsented", true)));
    rules.put("withdrawSuccessStory", new Rule(HttpMethod.DELETE, r + "/success-story", STAFF, null));
    rules.put("closeRequest", new Rule(HttpMethod.POST, r + "/close", STAFF, JsonObject::new));
    rules.put("reopenRequest", new Rule(HttpMethod.POST, r + "/reopen", STAFF, JsonObject::new));
    rules.put("markSpam", new Rule(HttpMethod.POST, r + "/spam", STAFF,
        () -> new JsonObject().put("reason", "Advertising")));
    rules.put("rejectRequest", new Rule(HttpMethod.POST, r + "/reject", STAFF,
        () -> new JsonObject().put("reason", "Duplicate")));

    rules.put("getInbox", new Rule(HttpMethod.GET, "/api/inbox", INBOX, null));
    rules.put("markInboxRead", new Rule(HttpMethod.POST, "/api/inbox/" + n + "/read",
        EnumSet.of(Who.COUNSELOR, Who.OTHER_COUNSELOR), null));
    rules.put("auditEvents", new Rule(HttpMethod.GET, "/api/audit/events?limit=1", EnumSet.of(Who.AUDITOR), null));
    rules.put("auditAsOf", new Rule(HttpMethod.GET, "/api/audit/requests/" + n, EnumSet.of(Who.AUDITOR), null));
    rules.put("auditVerify", new Rule(HttpMethod.GET, "/api/audit/verify", EnumSet.of(Who.AUDITOR, Who.ADMIN),
        null));
    rules.put("eraseCitizen", new Rule(HttpMethod.POST, "/api/admin/citizens/erase", ADMIN,
        () -> new JsonObject().put("number", n).put("accessCode", submitted.getString("accessCode"))));

    // credentials, access codes, streams and webhooks are checked by their own tests (login, citizen actions, live
    // feeds, WhatsApp)
    Set<String> elsewhere = Set.of("login", "refreshToken", "logout", "changePassword", "withdrawRequest", "answerInformationRequest",
        "rateResponse", "requestStream", "feedStream", "inboxStream",
        // Meta's webhook proves itself by its verify token and signature (WhatsAppTest)
        "whatsappVerify", "whatsappWebhook",
        // an Open311 submission is authorized by its api_key, whatever the login (ApiKeyTest, Open311Test)
        "open311SubmitJson", "open311SubmitXml");

    List<String> operations = new ArrayList<>();
    for (Operation operation : OpenAPIContract.from(app.vertx(), "openapi.yaml").await().operations()) {
      operations.add(operation.getOperationId());
    }
    assertThat(operations).as("every operation of the contract is in the matrix")
        .allMatch(id -> rules.containsKey(id) || elsewhere.contains(id));

    for (Map.Entry<String, Rule> entry : rules.entrySet()) {
      Rule rule = entry.getValue();
      // refused callers first, so the allowed ones' changes do not matter
      for (Who who : Who.values()) {
        if (!rule.allowed().contains(who)) {
          check(app, entry.getKey(), rule, who, tokens.get(who));
        }
      }
      for (Who who : Who.values()) {
        if (rule.allowed().contains(who)) {
          check(app, entry.getKey(), rule, who, tokens.get(who));
        }
      }
    }
  }

  private static void check(TestApp app, String operation, Rule rule, Who who, String token) {
    HttpRequest<Buffer> request = app.client().request(rule.method(), rule.path());
    if (rule.body() != null && rule.body().get() instanceof String calendar) {
      request.putHeader("Content-Type", "text/calendar");
      if (token != null) {
        request.bearerTokenAuthentication(token);
      }
      check(operation, rule, who, request.sendBuffer(Buffer.buffer(calendar)).await());
      return;
    }
    check(operation, rule, who, app.send(request, token, rule.body() == null ? null : rule.body().get()));
  }

  private static void check(String operation, Rule rule, Who who, HttpResponse<Buffer> response) {
    String label = operation + " by " + who + " -> " + response.statusCode() + " " + response.bodyAsString();
    if (rule.allowed().contains(who)) {
      assertThat(response.statusCode()).as(label).isNotIn(401, 403);
      return;
    }
    assertThat(response.statusCode()).as(label).isEqualTo(who == Who.ANONYMOUS ? 401 : 403);
    JsonObject refusal = response.bodyAsJsonObject();
    assertThat(refusal.fieldNames()).as(label + ": a refusal says only why").isSubsetOf(Set.of("error", "message"));
  }
}
