package al.tirana.councilline.guidance;

import static al.tirana.councilline.support.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.directory.DirectoryEvent;
import al.tirana.councilline.support.StoredEvents;
import al.tirana.councilline.support.TestApp;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Guidance for citizens")
class GuidanceTest {

  private static final String DEFAULT_COMMISSION = "Council Secretariat";

  private static GreenMail smtp;
  private static TestApp app;
  private static String admin;
  private static String youth;
  private static String secretariat;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    smtp = new GreenMail(new ServerSetup(TestApp.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    Map<String, String> settings = new HashMap<>();
    settings.put("SMTP_HOST", "127.0.0.1");
    settings.put("SMTP_PORT", String.valueOf(smtp.getSmtp().getPort()));
    settings.put("SMTP_TLS", "none");
    settings.put("PUBLIC_URL", "https://councilline.tirana.al");
    settings.put("TRUSTED_PROXIES", "127.0.0.1, ::1");
    settings.put("RATE_LIMIT_RECOVERY_PER_MINUTE", "3");
    settings.put("ROUTING_DEFAULT_COMMISSION", DEFAULT_COMMISSION);
    app = TestApp.onFreshDatabase(vertx, settings);
    admin = app.adminToken();
    youth = app.createCommission(admin, "Youth Commission", "YOUTH", "MARGINALIZED_GROUPS");
    secretariat = app.createCommission(admin, DEFAULT_COMMISSION);
  }

  @AfterAll
  static void stop() {
    app.close();
    smtp.stop();
  }

  private static JsonObject withoutAddressee(String category, String email) {
    JsonObject submission = TestApp.submission("COMMISSION", "unused").put("category", category);
    submission.remove("addressee");
    submission.getJsonObject("citizen").put("email", email);
    return submission;
  }

  private static JsonObject route(String category) {
    HttpResponse<Buffer> response = app.get("/api/routing/" + category, null);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  private static JsonObject fullView(String number) {
    return app.get("/api/requests/" + number, admin).bodyAsJsonObject();
  }

  private static HttpResponse<Buffer> recover(String client, String email) {
    return app.send(app.client().post("/api/requests/recover").putHeader("X-Forwarded-For", client), null,
        new JsonObject().put("email", email));
  }

  private static List<MimeMessage> mailsTo(String address) {
    return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
      try {
        return m.getRecipients(Message.RecipientType.TO)[0].toString().equals(address);
      } catch (Exception ex) {
        throw new IllegalStateException(ex);
      }
    }).toList();
  }

  private static List<MimeMessage> recoveryMailsTo(String address) {
    return mailsTo(address).stream().filter(m -> GreenMailUtil.getBody(m).contains("/#/track/")
        && GreenMailUtil.getBody(m).contains("?code=")).toList();
  }

  @Test
  @DisplayName("a commission's policy areas are kept and listed in the directory")
  void commissionsHavePolicyAreas() {
    JsonObject listed = app.get("/api/commissions", null).bodyAsJsonArray().stream().map(JsonObject.class::cast)
        .filter(c -> c.getString("id").equals(youth)).findFirst().orElseThrow();
    assertThat(listed.getJsonArray("policyAreas").getList()).containsExactly("YOUTH", "MARGINALIZED_GROUPS");
  }

  /**
   * Checks what the routing preview tells a citizen about a request of this category (why, and to which
   * commission), then submits one without an addressee and returns the addressee it got.
   */
  private static JsonObject routed(String category, String reason, String commission) {
    JsonObject answer = route(category);
    assertThat(answer.getString("reason")).isEqualTo(reason);
    assertThat(answer.getJsonObject("addressee").getString("id")).isEqualTo(commission);
    String number = app.submit(withoutAddressee(category, "routing@example.al")).getString("number");
    return fullView(number).getJsonObject("addressee");
  }

  @Test
  @DisplayName("a request without an addressee goes to the commission whose policy areas include its category")
  void routesByPolicyArea() {
    assertThat(route("YOUTH").getJsonObject("addressee").getString("name")).isEqualTo("Youth Commission");
    JsonObject addressee = routed("YOUTH", "POLICY_AREA", youth);
    assertThat(addressee.getString("type")).isEqualTo("COMMISSION");
    assertThat(addressee.getString("id")).isEqualTo(youth);
  }

  @Test
  @DisplayName("a topic no commission has taken on goes to the configured default commission")
  void routesToTheDefault() {
    assertThat(routed("FINANCE", "DEFAULT", secretariat).getString("id")).isEqualTo(secretariat);
  }

  @Test
  @DisplayName("with no commission for the topic and no active default, the citizen is asked to choose, and nothing is stored")
  void refusesWithoutAnyRoute() throws Exception {
    String transport = app.createCommission(admin, "Transport Commission", "TRANSPORT");
    String inactiveDefault = "Inactive Secretariat";
    try (TestApp other = TestApp.onDatabase(app.vertx(), app.databaseUrl(),
        Map.of("ROUTING_DEFAULT_COMMISSION", inactiveDefault))) {
      HttpResponse<Buffer> made = other.post("/api/admin/commissions", admin, new JsonObject()
          .put("name", inactiveDefault).put("active", false));
      assertThat(made.statusCode()).isEqualTo(201);
      assertThat(other.get("/api/routing/ENTERPRISES", null).bodyAsJsonObject().getString("reason"))
          .isEqualTo("NONE");
      long events = other.eventCount();
      HttpResponse<Buffer> refused = other.post("/api/requests", null, withoutAddressee("ENTERPRISES",
          "routing@example.al"));
      assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(422);
      assertThat(refused.bodyAsJsonObject().getString("error")).isEqualTo("NO_COMMISSION_FOR_TOPIC");
      assertThat(other.eventCount()).isEqualTo(events);
      // the other topics still route on that node
      assertThat(other.get("/api/routing/TRANSPORT", null).bodyAsJsonObject().getJsonObject("addressee")
          .getString("id")).isEqualTo(transport);
    }
  }

  @Test
  @DisplayName("a commission recorded before it had policy areas is read without any, and can be given some")
  void upcastsCommissionsWithoutAreas() throws Exception {
    String id = "old-" + UUID.randomUUID();
    String old = new JsonObject().put("id", id).put("name", "Old Environment Commission").put("description", "old")
        .put("active", true).put("by", new JsonObject().put("id", "admin").put("role", "ADMIN"))
        .put("at", Instant.now().toString()).encode();
    try (Connection c = app.jdbc()) {
      StoredEvents.append(c, "Commission", id, 0, DirectoryEvent.CommissionCreated.class, "1",
          old.getBytes(StandardCharsets.UTF_8), Instant.now());
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO directory_commission (id, name, description, "
          + "active, updated_at) VALUES (?, 'Old Environment Commission', 'old', true, now())")) {
        ps.setString(1, id);
        ps.executeUpdate();
      }
    }
    DirectoryEvent.CommissionCreated read = (DirectoryEvent.CommissionCreated) app.app().axon().eventStore()
        .readEvents(id).asStream().toList().get(0).getPayload();
    assertThat(read.policyAreas()).isEmpty();

    HttpResponse<Buffer> updated = app.put("/api/admin/commissions/" + id, admin, new JsonObject()
        .put("name", "Old Environment Commission").put("description", "old")
        .put("policyAreas", new JsonArray().add("ENVIRONMENT")));
    assertThat(updated.statusCode()).as(updated.bodyAsString()).isEqualTo(200);
    assertThat(route("ENVIRONMENT").getJsonObject("addressee").getString("id")).isEqualTo(id);
  }

  @Test
  @DisplayName("a lost access code: the owner gets their open requests mailed with new codes that replace the old ones")
  void recoversAccessCodes() throws Exception {
    String email = "drita.leka@example.al";
    JsonObject first = app.submit(withoutAddressee("YOUTH", email));
    JsonObject second = app.submit(withoutAddressee("FINANCE", email));
    JsonObject closed = app.submit(withoutAddressee("YOUTH", email));
    String closedNumber = closed.getString("number");
    app.post("/api/requests/" + closedNumber + "/respond", admin, new JsonObject().put("message", "Done."));
    assertThat(app.post("/api/requests/" + closedNumber + "/close", admin, null).statusCode()).isEqualTo(200);

    HttpResponse<Buffer> unknown = recover("10.9.0.1", "nobody.here@example.al");
    HttpResponse<Buffer> known = recover("10.9.0.2", "  Drita.Leka@Example.AL ");
    assertThat(known.statusCode()).isEqualTo(202);
    assertThat(unknown.statusCode()).isEqualTo(202);
    assertThat(known.bodyAsString()).isEqualTo(unknown.bodyAsString());

    eventually(() -> recoveryMailsTo(email).size() == 1);
    String body = GreenMailUtil.getBody(recoveryMailsTo(email).get(0)).replace("=\r\n", "").replace("=3D", "=");
    Map<String, String> codes = new HashMap<>();
    Matcher line = Pattern.compile("(TR-\\d{4}-\\d{6,}): ([A-Z0-9]{12})").matcher(body);
    while (line.find()) {
      codes.put(line.group(1), line.group(2));
    }
    assertThat(codes.keySet()).containsExactlyInAnyOrder(first.getString("number"), second.getString("number"));
    assertThat(body).contains("https://councilline.tirana.al/#/track/" + first.getString("number") + "?code="
        + codes.get(first.getString("number")));

    for (JsonObject submitted : List.of(first, second)) {
      String number = submitted.getString("number");
      HttpResponse<Buffer> withOld = app.send(app.client().get("/api/requests/" + number)
          .putHeader("X-Access-Code", submitted.getString("accessCode")), null, null);
      assertThat(withOld.statusCode()).as("the old code of " + number).isEqualTo(403);
      HttpResponse<Buffer> withNew = app.send(app.client().get("/api/requests/" + number)
          .putHeader("X-Access-Code", codes.get(number)), null, null);
      assertThat(withNew.statusCode()).as("the new code of " + number).isEqualTo(200);
      assertThat(withNew.bodyAsJsonObject().getJsonObject("citizen").getString("email")).isEqualTo(email);
    }
    // the event log says that a recovery was sent, for which requests, and not to whom in plaintext
    assertThat(app.count("SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE '%AccessCodeReissued'"))
        .isEqualTo(2);
    assertThat(app.count("SELECT count(*) FROM domain_event_entry WHERE convert_from(payload, 'UTF8') ILIKE ?",
        "%drita.leka%")).isZero();
    assertThat(app.count("SELECT count(*) FROM domain_event_entry WHERE convert_from(payload, 'UTF8') LIKE ?",
        "%" + codes.get(first.getString("number")) + "%")).isZero();
    // the closed request kept its code, and the unknown address got nothing
    assertThat(app.send(app.client().get("/api/requests/" + closedNumber)
        .putHeader("X-Access-Code", closed.getString("accessCode")), null, null).statusCode()).isEqualTo(200);
    assertThat(mailsTo("nobody.here@example.al")).isEmpty();
  }

  @Test
  @DisplayName("recovery is refused with 400 for something that is not an e-mail address")
  void refusesANonAddress() {
    HttpResponse<Buffer> refused = recover("10.9.1.1", "not-an-address");
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.bodyAsJsonObject().getString("error")).isEqualTo("VALIDATION_FAILED");
  }

  @Test
  @DisplayName("recovery is rate limited per client and per address, for the whole cluster")
  void isRateLimited(Vertx vertx) throws Exception {
    for (int i = 0; i < 3; i++) {
      assertThat(recover("10.9.2.1", "someone" + i + "@example.al").statusCode()).isEqualTo(202);
    }
    HttpResponse<Buffer> sameClient = recover("10.9.2.1", "someone.else@example.al");
    assertThat(sameClient.statusCode()).isEqualTo(429);
    assertThat(sameClient.bodyAsJsonObject().getString("error")).isEqualTo("RATE_LIMITED");

    try (TestApp second = TestApp.onDatabase(vertx, app.databaseUrl(), Map.of("TRUSTED_PROXIES", "127.0.0.1, ::1",
        "RATE_LIMIT_RECOVERY_PER_MINUTE", "3"))) {
      for (int i = 0; i < 3; i++) {
        HttpResponse<Buffer> fromNode = i % 2 == 0 ? recover("10.9.3." + i, "target@example.al")
            : second.send(second.client().post("/api/requests/recover").putHeader("X-Forwarded-For", "10.9.3." + i),
                null, new JsonObject().put("email", "target@example.al"));
        assertThat(fromNode.statusCode()).isEqualTo(202);
      }
      HttpResponse<Buffer> sameAddress = second.send(second.client().post("/api/requests/recover")
          .putHeader("X-Forwarded-For", "10.9.3.9"), null, new JsonObject().put("email", "TARGET@example.al"));
      assertThat(sameAddress.statusCode()).isEqualTo(429);
    }
  }
}
