package al.tirana.councilline.ops;

import al.tirana.councilline.platform.observe.TraceIds;
import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.support.Eventually;
import al.tirana.councilline.support.TestApp;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

@ExtendWith(VertxExtension.class)
@DisplayName("The JSON log of a full scenario")
class LogPrivacyTest {

  private static final List<String> PII = List.of("Mirela", "Dushkaj", "mirela.dushkaj@example.al",
      "+355 67 777 0042", "Pallati 12 ka lagështi", "Shkalla B, apartamenti 4", "Shumë faleminderit");

  @Test
  @DisplayName("carries each command's trace_id and never the citizen's name, e-mail, phone or words")
  void scan(Vertx vertx) throws Exception {
    LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JsonEncoder encoder = new JsonEncoder();
    encoder.setContext(logging);
    encoder.start();
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(logging);
    appender.setEncoder(encoder);
    appender.setOutputStream(out);
    appender.start();
    Logger root = logging.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Logger ours = logging.getLogger("al.tirana.councilline");
    Level level = ours.getLevel();
    root.addAppender(appender);
    ours.setLevel(Level.DEBUG);
    String traceId;
    try (TestApp app = TestApp.onFreshDatabase(vertx)) {
      String admin = app.adminToken();
      String staff = app.createUser(admin, "desk.logs", "STAFF", null);
      String commission = app.createCommission(admin, "Social Housing Commission");
      String counselor = app.createCounselor(admin, "Arta Hoxha", "arta.hoxha@tirana.al", commission);
      JsonObject citizen = new JsonObject().put("firstName", PII.get(0)).put("lastName", PII.get(1))
          .put("email", PII.get(2)).put("phone", PII.get(3));
      // refused input that carries personal data is not logged either
      assertThat(app.post("/api/requests", null, TestApp.submission("COMMISSION", commission)
          .put("citizen", citizen.copy().put("email", PII.get(0) + " at " + PII.get(1))).put("kind", "ODD"))
          .statusCode()).isEqualTo(400);
      HttpResponse<Buffer> submitted = app.post("/api/requests", null, TestApp.submission("COMMISSION", commission)
          .put("body", PII.get(4)).put("citizen", citizen));
      assertThat(submitted.statusCode()).isEqualTo(201);
      traceId = submitted.getHeader(TraceIds.HEADER);
      String number = submitted.bodyAsJsonObject().getString("number");
      String code = submitted.bodyAsJsonObject().getString("accessCode");
      String path = "/api/requests/" + number;
      assertThat(app.post(path + "/assign", staff, new JsonObject().put("counselorId", counselor)).statusCode())
          .isEqualTo(200);
      assertThat(app.post(path + "/await-citizen", staff, new JsonObject().put("message", "Which apartment?"))
          .statusCode()).isEqualTo(200);
      assertThat(app.send(app.client().post(path + "/answer").putHeader("X-Access-Code", code), null,
          new JsonObject().put("message", PII.get(5))).statusCode()).isEqualTo(200);
      assertThat(app.post(path + "/respond", staff, new JsonObject().put("message", "An inspector comes Monday"))
          .statusCode()).isEqualTo(200);
      assertThat(app.send(app.client().post(path + "/rating").putHeader("X-Access-Code", code), null,
          new JsonObject().put("score", 5).put("comment", PII.get(6))).statusCode()).isEqualTo(200);
      assertThat(app.post(path + "/close", staff, null).statusCode()).isEqualTo(200);
      assertThat(app.post(path + "/respond", staff, new JsonObject().put("message", "Again")).statusCode())
          .isEqualTo(409);
      // the mails of the scenario have been handled (kept in the outbox: no SMTP here)
      Eventually.eventually(() -> app.count("SELECT count(*) FROM mail_outbox WHERE status = 'PENDING'") == 0);
    } finally {
      root.detachAppender(appender);
      ours.setLevel(level);
      appender.stop();
    }
    String log = out.toString(StandardCharsets.UTF_8);
    assertThat(log).isNotBlank();
    for (String personal : PII) {
      assertThat(log).as("the log names " + personal).doesNotContain(personal);
    }
    assertThat(log.lines().map(JsonObject::new))
        .anySatisfy(line -> assertThat(line.getJsonObject("mdc", new JsonObject()).getString(TraceIds.LOG_KEY))
            .isEqualTo(traceId));
  }
}
