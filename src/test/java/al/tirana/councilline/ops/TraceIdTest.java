package al.tirana.councilline.ops;

import al.tirana.councilline.platform.observe.TraceCorrelation;
import al.tirana.councilline.platform.observe.TraceIds;
import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.platform.http.ErrorHandler;
import al.tirana.councilline.support.DatabaseOutage;
import al.tirana.councilline.support.TestApp;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

@ExtendWith(VertxExtension.class)
@DisplayName("Request ids")
class TraceIdTest {

  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

  @Test
  @DisplayName("are on every response, honour an incoming traceparent and reach the command's log lines and the "
      + "metadata of every event it caused, and the log line of a request refused while the database is away")
  void traced(Vertx vertx) throws Exception {
    Logger commandLog = (Logger) LoggerFactory.getLogger(TraceCorrelation.class);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    commandLog.addAppender(lines);
    Level level = commandLog.getLevel();
    commandLog.setLevel(Level.DEBUG);
    try (TestApp app = TestApp.onFreshDatabase(vertx)) {
      String admin = app.adminToken();
      String commission = app.createCommission(admin, "Youth Commission");
      List<HttpResponse<Buffer>> responses = new ArrayList<>(List.of(app.get("/health", null),
          app.get("/api/nothing-here", null), app.get("/index.html", null),
          app.post("/api/requests", null, new JsonObject().put("kind", "NONSENSE")),
          app.get("/api/inbox", "not-a-token")));
      responses.forEach(response -> assertThat(response.getHeader(TraceIds.HEADER)).as(response.bodyAsString())
          .matches("[0-9a-f]{32}"));
      assertThat(responses.get(0).getHeader(TraceIds.HEADER)).isNotEqualTo(responses.get(1).getHeader(TraceIds.HEADER));

      HttpResponse<Buffer> submitted = app.send(app.client().post("/api/requests")
          .putHeader("traceparent", "00-" + TRACE + "-00f067aa0ba902b7-01"), null,
          TestApp.submission("COMMISSION", commission));
      assertThat(submitted.statusCode()).isEqualTo(201);
      assertThat(submitted.getHeader(TraceIds.HEADER)).isEqualTo(TRACE);
      assertThat(submitted.getHeader("traceparent")).startsWith("00-" + TRACE + "-");
      String number = submitted.bodyAsJsonObject().getString("number");

      HttpResponse<Buffer> acknowledged = app.post("/api/requests/" + number + "/acknowledge", admin, null);
      assertThat(acknowledged.statusCode()).isEqualTo(200);
      String generated = acknowledged.getHeader(TraceIds.HEADER);

      List<String[]> events = metadata(app, number);
      assertThat(events).anySatisfy(e -> assertThat(e[0]).endsWith("RequestSubmitted"));
      for (String[] event : events) {
        String expected = event[0].endsWith("RequestAcknowledged") ? generated : TRACE;
        assertThat(new JsonObject(event[1]).getString(TraceIds.METADATA_KEY)).as(event[0]).isEqualTo(expected);
      }
      assertThat(lines.list).anySatisfy(line -> {
        assertThat(line.getMDCPropertyMap()).containsEntry(TraceIds.LOG_KEY, TRACE);
        assertThat(line.getFormattedMessage()).contains("SubmitRequest");
      });

      // a malformed traceparent is not taken: a new id is made
      HttpResponse<Buffer> malformed = app.send(app.client().get("/health").putHeader("traceparent", "00-xyz-01"),
          null, null);
      assertThat(malformed.getHeader(TraceIds.HEADER)).matches("[0-9a-f]{32}");

      // a request answered 503 while the database is away is logged with its trace id
      Logger errorLog = (Logger) LoggerFactory.getLogger(ErrorHandler.class);
      ListAppender<ILoggingEvent> errors = new ListAppender<>();
      errors.start();
      errorLog.addAppender(errors);
      try {
        HttpResponse<Buffer> away;
        try (DatabaseOutage outage = DatabaseOutage.of(app)) {
          away = app.get("/api/commissions", null);
        }
        assertThat(away.statusCode()).isEqualTo(503);
        assertThat(errors.list).anySatisfy(line -> assertThat(line.getMDCPropertyMap())
            .containsEntry(TraceIds.LOG_KEY, away.getHeader(TraceIds.HEADER)));
      } finally {
        errorLog.detachAppender(errors);
      }
    } finally {
      commandLog.detachAppender(lines);
      commandLog.setLevel(level);
    }
  }

  private static List<String[]> metadata(TestApp app, String number) throws Exception {
    List<String[]> events = new ArrayList<>();
    try (Connection c = app.jdbc(); PreparedStatement ps = c.prepareStatement("SELECT payload_type, "
        + "convert_from(meta_data, 'UTF8') FROM domain_event_entry WHERE aggregate_identifier = ? "
        + "ORDER BY sequence_number")) {
      ps.setString(1, number);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          events.add(new String[] {rs.getString(1), rs.getString(2)});
        }
      }
    }
    return events;
  }
}
