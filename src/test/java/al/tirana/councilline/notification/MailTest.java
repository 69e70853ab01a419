package al.tirana.councilline.notification;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.support.Await;
import al.tirana.councilline.support.CaughtUp;
import al.tirana.councilline.support.StartedApp;
import al.tirana.councilline.support.TestApp;
import al.tirana.councilline.support.Timers;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("E-mail")
class MailTest {

  private record Mail(String to, String subject, String body) {
  }

  private static List<Mail> received(GreenMail smtp) {
    return Arrays.stream(smtp.getReceivedMessages()).map(MailTest::mail).toList();
  }

  private static Mail mail(MimeMessage message) {
    try {
      return new Mail(message.getRecipients(Message.RecipientType.TO)[0].toString(), message.getSubject(),
          GreenMailUtil.getBody(message));
    } catch (Exception ex) {
      throw new IllegalStateException(ex);
    }
  }

  private static long count(GreenMail smtp, Predicate<Mail> match) {
    return received(smtp).stream().filter(match).count();
  }

  private static void eventually(GreenMail smtp, Predicate<Mail> match, Duration timeout) throws Exception {
    Await.until("a matching mail (received so far: " + smtp.getReceivedMessages().length + ")", timeout,
        () -> count(smtp, match) > 0);
  }

  /**
   * The positive signal before counting mails: every timer due by now has fired, every event has reached the
   * outbox, and every mail in it has been sent (or given up). Any duplicate would then have been received.
   */
  private static void everythingSent(TestApp app) throws Exception {
    Timers.dueHaveRun(app);
    CaughtUp.all(app);
    Await.until("every mail in the outbox is sent", () -> app.count(
        "SELECT count(*) FROM mail_outbox WHERE status NOT IN ('SENT', 'FAILED', 'LOGGED')") == 0);
  }

  /** A real SMTP server on a free loopback port, started. */
  private static GreenMail smtpServer() throws Exception {
    GreenMail smtp = new GreenMail(new ServerSetup(TestApp.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    return smtp;
  }

  @Test
  @DisplayName("acknowledgement, warning, breach and escalation go out exactly once, even across a restart")
  void exactlyOnceAcrossRestart(Vertx vertx) throws Exception {
    GreenMail smtp = smtpServer();
    int port = smtp.getSmtp().getPort();
    Map<String, String> settings = Map.of("SMTP_HOST", "127.0.0.1", "SMTP_PORT", String.valueOf(port),
        "SMTP_TLS", "none", "SLA_URGENT", "PT8S", "SLA_NORMAL", "PT1H", "SLA_WARNING_REMAINING", "0.5",
        "ESCALATION_EMAIL", "kryetari@tirana.al", "MAIL_FROM", "councilline@tirana.al");
    try {
      String databaseUrl;
      String number;
      JsonObject submitted;
      Instant breachDue;
      try (TestApp first = TestApp.onFreshDatabase(vertx, settings)) {
        databaseUrl = first.databaseUrl();
        String admin = first.adminToken();
        String commission = first.createCommission(admin, "Youth Commission");
        String counselor = first.createCounselor(admin, "Arta Hoxha", "arta.hoxha@tirana.al", commission);
        submitted = first.submit(TestApp.submission("COUNSELOR", counselor).put("language", "en"));
        number = submitted.getString("number");

        eventually(smtp, m -> m.to().equals("elira.kolaj@example.al"), Duration.ofSeconds(5));
        Mail ack = received(smtp).stream().filter(m -> m.to().equals("elira.kolaj@example.al")).findFirst()
            .orElseThrow();
        assertThat(ack.subject()).isEqualTo("Your request " + number + " was received");
        assertThat(ack.body()).contains(submitted.getString("accessCode")).contains("Elira");

        // counselors are written to in Albanian, the council's working language
        eventually(smtp, m -> m.to().equals("arta.hoxha@tirana.al") && m.subject().contains("po afron"),
            Duration.ofSeconds(10));
        breachDue = Timers.lastDue(first);
      }
      Timers.awaitPassed(breachDue, "the breach's due instant, while no node runs");
      try (TestApp second = TestApp.onDatabase(vertx, databaseUrl, settings)) {
        eventually(smtp, m -> m.to().equals("kryetari@tirana.al"), Duration.ofSeconds(15));
        eventually(smtp, m -> m.to().equals("arta.hoxha@tirana.al") && m.subject().contains("kaloi"),
            Duration.ofSeconds(5));
        String admin = second.adminToken();
        second.post("/api/requests/" + number + "/respond", admin,
            new JsonObject().put("message", "The youth centre reopens in January."));
        eventually(smtp, m -> m.subject().equals("A response to your request " + number), Duration.ofSeconds(5));
        everythingSent(second);

        assertThat(count(smtp, m -> m.subject().contains("was received"))).isEqualTo(1);
        assertThat(count(smtp, m -> m.subject().contains("po afron"))).isEqualTo(1);
        assertThat(count(smtp, m -> m.to().equals("arta.hoxha@tirana.al") && m.subject().contains("kaloi")))
            .isEqualTo(1);
        assertThat(count(smtp, m -> m.to().equals("kryetari@tirana.al"))).isEqualTo(1);
        assertThat(count(smtp, m -> m.subject().startsWith("A response"))).isEqualTo(1);
        assertThat(received(smtp).stream().filter(m -> m.subject().startsWith("A response")).findFirst()
            .orElseThrow().body()).contains("The youth centre reopens in January.");

        JsonArray outbox = second.get("/api/admin/outbox?number=" + number, admin).bodyAsJsonObject()
            .getJsonArray("items");
        assertThat(outbox.stream().map(o -> ((JsonObject) o).getString("status"))).containsOnly("SENT");
        assertThat(outbox.encode()).doesNotContain("elira.kolaj@example.al");
      }
    } finally {
      smtp.stop();
    }
  }

  @Test
  @DisplayName("an Open311 submission with an e-mail but no first name is acknowledged with a greeting, not \"Hello ,\"")
  void open311WithoutFirstName(Vertx vertx) throws Exception {
    GreenMail smtp = smtpServer();
    try (TestApp app = TestApp.onFreshDatabase(vertx, Map.of("SMTP_HOST", "127.0.0.1",
        "SMTP_PORT", String.valueOf(smtp.getSmtp().getPort()), "SMTP_TLS", "none"))) {
      String admin = app.adminToken();
      String commission = app.createCommission(admin, "Youth Commission");
      String key = app.post("/api/admin/api-keys", admin, new JsonObject().put("name", "FixMyStreet Tirana"))
          .bodyAsJsonObject().getString("key");
      String albanian = open311Number(app, key, commission, "", "pa.emer@example.al");
      String english = open311Number(app, key, commission, "?locale=en", "no.name@example.al");

      eventually(smtp, m -> m.subject().contains(albanian), Duration.ofSeconds(10));
      eventually(smtp, m -> m.subject().contains(english), Duration.ofSeconds(10));
      String sq = text(smtp, "pa.emer@example.al");
      String en = text(smtp, "no.name@example.al");
      assertThat(sq.lines().findFirst()).hasValue("Përshëndetje,");
      assertThat(en.lines().findFirst()).hasValue("Hello,");
      assertThat(sq).doesNotContain("Përshëndetje ,").contains(albanian);
      assertThat(en).doesNotContain("Hello ,").contains(english);
    } finally {
      smtp.stop();
    }
  }

  /** The decoded text of the mail to the address: the received body is still quoted-printable, "P=C3=ABr...". */
  private static String text(GreenMail smtp, String to) throws Exception {
    return (String) Arrays.stream(smtp.getReceivedMessages()).filter(m -> mail(m).to().equals(to)).findFirst()
        .orElseThrow().getContent();
  }

  /** The number of an Open311 submission with an e-mail address and no first_name. */
  private static String open311Number(TestApp app, String key, String commission, String query, String email) {
    HttpResponse<Buffer> response = app.client()
        .post("/open311/v2/requests.json" + query).sendForm(MultiMap.caseInsensitiveMultiMap()
            .add("api_key", key).add("service_code", "URBAN_PLANNING").add("address_string", "Rruga e Kavajës 10")
            .add("description", "Ndriçimi është fikur.").add("last_name", "Kolaj").add("email", email)
            .add("attribute[addressee]", "COMMISSION:" + commission)).await();
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonArray().getJsonObject(0).getString("service_request_id");
  }

  @Test
  @DisplayName("a mail sent again after a crash (sent, not yet marked) carries the Message-ID of the first sending")
  void repeatKeepsMessageId(Vertx vertx) throws Exception {
    GreenMail smtp = smtpServer();
    try (TestApp app = TestApp.onFreshDatabase(vertx, Map.of("SMTP_HOST", "127.0.0.1",
        "SMTP_PORT", String.valueOf(smtp.getSmtp().getPort()), "SMTP_TLS", "none",
        "PUBLIC_URL", "https://councilline.tirana.al"))) {
      String admin = app.adminToken();
      String commission = app.createCommission(admin, "Youth Commission");
      String number = app.submit(TestApp.submission("COMMISSION", commission)).getString("number");
      eventually(smtp, m -> m.subject().contains(number), Duration.ofSeconds(10));
      long id = app.count("SELECT id FROM mail_outbox WHERE number = ? AND template = 'ACKNOWLEDGEMENT'", number);
      Await.until("the acknowledgement is marked SENT",
          () -> app.count("SELECT count(*) FROM mail_outbox WHERE id = ? AND status = 'SENT'", id) == 1);

      // what a node killed between the SMTP server's answer and the SENT mark leaves behind: a lease that expired
      try (java.sql.Connection c = app.jdbc(); java.sql.Statement st = c.createStatement()) {
        st.executeUpdate("UPDATE mail_outbox SET status = 'SENDING', next_attempt_at = now() WHERE id = " + id);
      }
      eventually(smtp, m -> count(smtp, n -> n.subject().contains(number)) == 2, Duration.ofSeconds(10));

      List<String> ids = Arrays.stream(smtp.getReceivedMessages())
          .filter(m -> mail(m).subject().contains(number)).map(MailTest::messageId).toList();
      assertThat(ids).containsExactly("<outbox-" + id + "." + number + "@councilline.tirana.al>",
          "<outbox-" + id + "." + number + "@councilline.tirana.al>");
    } finally {
      smtp.stop();
    }
  }

  private static String messageId(MimeMessage message) {
    try {
      return message.getMessageID();
    } catch (Exception ex) {
      throw new IllegalStateException(ex);
    }
  }

  @Test
  @DisplayName("a backlog of mails is sent at the SMTP server's pace, not one round of twenty a second")
  void drainsABacklog(Vertx vertx) throws Exception {
    GreenMail smtp = smtpServer();
    int port = smtp.getSmtp().getPort();
    int backlog = 15 * MailSender.ROUND;
    try (TestApp app = TestApp.onFreshDatabase(vertx, Map.of("SMTP_HOST", "127.0.0.1",
        "SMTP_PORT", String.valueOf(port), "SMTP_TLS", "none"))) {
      String admin = app.adminToken();
      String commission = app.createCommission(admin, "Youth Commission");
      String counselor = app.createCounselor(admin, "Arta Hoxha", "arta.hoxha@tirana.al", commission);
      String number = app.submit(TestApp.submission("COMMISSION", commission)).getString("number");
      app.post("/api/requests/" + number + "/assign", admin, new JsonObject().put("counselorId", counselor));
      eventually(smtp, m -> m.to().equals("arta.hoxha@tirana.al"), Duration.ofSeconds(10));
      // the citizen's acknowledgement may be sent in the same round as the counselor's mail and arrive after it
      Await.until("every mail so far is marked sent", () -> app.count(
          "SELECT count(*) FROM mail_outbox WHERE status <> 'SENT'") == 0);
      int before = smtp.getReceivedMessages().length;

      // as an SMTP outage or a burst of assignments to a large commission leaves them: all due at once
      try (java.sql.Connection c = app.jdbc(); java.sql.Statement st = c.createStatement()) {
        st.executeUpdate("INSERT INTO mail_outbox (dedupe_key, template, number, recipient, language, payload) "
            + "SELECT 'backlog-' || i, template, number, 'member' || i || '@tirana.al', language, payload "
            + "FROM (SELECT * FROM mail_outbox WHERE recipient = 'arta.hoxha@tirana.al' LIMIT 1) m, "
            + "generate_series(1, " + backlog + ") i");
      }
      long started = System.nanoTime();
      Await.until("the whole backlog is received", Duration.ofSeconds(30),
          () -> smtp.getReceivedMessages().length >= before + backlog);
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      assertThat(smtp.getReceivedMessages()).hasSize(before + backlog);
      assertThat(count(smtp, m -> m.to().startsWith("member"))).isEqualTo(backlog);
      // one round a second would need at least fourteen seconds for fifteen rounds
      assertThat(took).as("time to send %d mails", backlog).isLessThan(Duration.ofSeconds(8));
      assertThat(app.count("SELECT count(*) FROM mail_outbox WHERE recipient LIKE 'member%' AND status = 'SENT'"))
          .isEqualTo(backlog);
    } finally {
      smtp.stop();
    }
  }

  @Test
  @DisplayName("a mail that cannot be sent is retried, then marked FAILED and shown to staff")
  void retriesThenFails(Vertx vertx) throws Exception {
    Map<String, String> unreachable = Map.of("SMTP_HOST", "127.0.0.1", "SMTP_PORT", String.valueOf(TestApp.freePort()),
        "SMTP_TLS", "none", "MAIL_MAX_ATTEMPTS", "3", "MAIL_RETRY_SECONDS", "1");
    try (TestApp app = TestApp.onFreshDatabase(vertx, unreachable)) {
      String admin = app.adminToken();
      String staff = app.createUser(admin, "desk.mail", "STAFF", null);
      String commission = app.createCommission(admin, "Youth Commission");
      String number = app.submit(TestApp.submission("COMMISSION", commission)).getString("number");
      JsonObject mail = failed(app, staff, number);
      assertThat(mail.getString("status")).isEqualTo("FAILED");
      assertThat(mail.getInteger("attempts")).isEqualTo(3);
      assertThat(mail.getString("lastError")).isNotBlank();
      // the positive signal: a later mail has been tried and given up too, so the sender made rounds since
      String later = app.submit(TestApp.submission("COMMISSION", commission)).getString("number");
      assertThat(failed(app, staff, later).getInteger("attempts")).isEqualTo(3);
      assertThat(app.get("/api/admin/outbox?number=" + number, staff).bodyAsJsonObject().getJsonArray("items")
          .getJsonObject(0).getInteger("attempts")).as("no attempts after the last one").isEqualTo(3);
    }
  }

  /** The request's first outbox mail, once it is FAILED. */
  private static JsonObject failed(TestApp app, String staff, String number) throws Exception {
    return Await.value("the mail of " + number + " is FAILED", () -> {
      JsonArray items = app.get("/api/admin/outbox?number=" + number, staff).bodyAsJsonObject()
          .getJsonArray("items");
      return items.isEmpty() || !"FAILED".equals(items.getJsonObject(0).getString("status")) ? Optional.empty()
          : Optional.of(items.getJsonObject(0));
    });
  }

  @Test
  @DisplayName("without SMTP, every mail is kept in the outbox for administrators, none is lost")
  void outboxWithoutSmtp(@StartedApp.Fresh TestApp app, @StartedApp.Admin String admin,
      @StartedApp.Commission("Youth Commission") String commission) throws Exception {
    String counselor = app.createCounselor(admin, "Arta Hoxha", "arta.hoxha@tirana.al", commission);
    String number = app.submit(TestApp.submission("COMMISSION", commission)).getString("number");
    app.post("/api/requests/" + number + "/assign", admin, new JsonObject().put("counselorId", counselor));
    app.post("/api/requests/" + number + "/respond", admin, new JsonObject().put("message", "Done"));
    JsonArray items = Await.value("three mails of " + number + " LOGGED", () -> {
      JsonArray listed = app.get("/api/admin/outbox?number=" + number, admin).bodyAsJsonObject()
          .getJsonArray("items");
      return listed.size() == 3 && listed.stream().allMatch(o -> "LOGGED".equals(((JsonObject) o)
          .getString("status"))) ? Optional.of(listed) : Optional.empty();
    });
    assertThat(items.stream().map(o -> ((JsonObject) o).getString("template")))
        .containsExactlyInAnyOrder("ACKNOWLEDGEMENT", "ASSIGNED", "RESPONSE");
    assertThat(items.stream().map(o -> ((JsonObject) o).getString("status"))).containsOnly("LOGGED");
    assertThat(app.get("/api/admin/outbox", null).statusCode()).isEqualTo(401);
  }
}
