package al.tirana.councilline.audit;

import static al.tirana.councilline.support.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.support.StartedApp;
import al.tirana.councilline.support.TestApp;
import al.tirana.councilline.support.Timers;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@StartedApp
@DisplayName("The event log as evidence")
class AuditTest {

  @StartedApp.Node
  private static TestApp app;
  @StartedApp.Admin
  private static String admin;
  private static String auditor;
  private static String commission;

  @BeforeAll
  static void given() throws Exception {
    auditor = app.createUser(admin, "auditor.one", "AUDITOR", null);
    commission = app.createCommission(admin, "Finance Commission");
  }

  private static void sealed() throws Exception {
    eventually(() -> app.count("SELECT count(*) FROM event_seal") == app.eventCount());
  }

  @Test
  @DisplayName("as of a past instant, a request is what the events up to then made it, and no more")
  void asOf() throws Exception {
    String counselor = app.createCounselor(admin, "Besa Leka", "besa.leka@tirana.al", commission);
    String number = app.submit(TestApp.submission("COMMISSION", commission)).getString("number");
    app.post("/api/requests/" + number + "/assign", admin, new JsonObject().put("counselorId", counselor));
    // the instant lies strictly after the assignment's timestamp and strictly before the response's (both have
    // millisecond precision): the clock is seen to tick on each side of it
    Instant between = Timers.nextMillisecond();
    Timers.nextMillisecond();
    app.post("/api/requests/" + number + "/respond", admin, new JsonObject().put("message", "Approved"));

    long readsBefore = app.count("SELECT count(*) FROM audit_read WHERE what LIKE ?", "as-of " + number + " %");
    JsonObject then = app.get("/api/audit/requests/" + number + "?asOf=" + between, auditor).bodyAsJsonObject();
    JsonObject now = app.get("/api/audit/requests/" + number, auditor).bodyAsJsonObject();
    assertThat(app.count("SELECT count(*) FROM audit_read WHERE what LIKE ?", "as-of " + number + " %"))
        .as("each as-of read is logged by the time it is answered").isEqualTo(readsBefore + 2);
    assertThat(then.getString("status")).isEqualTo("ASSIGNED");
    assertThat(now.getString("status")).isEqualTo("RESPONDED");
    assertThat(types(then)).containsExactly("RequestSubmitted", "SlaClockStarted", "RequestAssigned");
    assertThat(types(now)).containsExactly("RequestSubmitted", "SlaClockStarted", "RequestAssigned",
        "RequestResponded");
    assertThat(then.getJsonObject("assignee").getString("id")).isEqualTo(counselor);
    assertThat(app.get("/api/audit/requests/" + number + "?asOf=2020-01-01T00:00:00Z", auditor).statusCode())
        .isEqualTo(404);
    assertThat(app.get("/api/audit/requests/" + number, admin).statusCode()).isEqualTo(403);
  }

  private static List<String> types(JsonObject state) {
    return state.getJsonArray("timeline").stream().map(o -> ((JsonObject) o).getString("type")).toList();
  }

  @Test
  @DisplayName("auditors browse and export the log, see personal data while it exists, and their reads are recorded")
  void browseAndExport() throws Exception {
    JsonObject submitted = app.submit(TestApp.submission("COMMISSION", commission));
    String number = submitted.getString("number");
    long readsBefore = app.count("SELECT count(*) FROM audit_read WHERE username = 'auditor.one'");

    JsonObject page = app.get("/api/audit/events?number=" + number + "&type=RequestSubmitted", auditor)
        .bodyAsJsonObject();
    JsonObject entry = page.getJsonArray("items").getJsonObject(0);
    assertThat(entry.getString("type")).isEqualTo("RequestSubmitted");
    assertThat(entry.getString("version")).isEqualTo("2");
    assertThat(entry.getString("request")).isEqualTo(number);
    assertThat(entry.getString("role")).isEqualTo("CITIZEN");
    assertThat(entry.getJsonObject("payload").getJsonObject("personalData").getString("email"))
        .isEqualTo("elira.kolaj@example.al");

    HttpResponse<Buffer> export = app.send(app.client().get("/api/audit/events")
        .putHeader("Accept", "application/x-ndjson"), auditor, null);
    assertThat(export.getHeader("Content-Type")).startsWith("application/x-ndjson");
    List<JsonObject> lines = Arrays.stream(export.bodyAsString().split("\n")).map(JsonObject::new).toList();
    assertThat(lines).hasSize((int) app.eventCount());
    assertThat(lines).extracting(l -> l.getLong("position")).isSorted();

    assertThat(app.count("SELECT count(*) FROM audit_read WHERE username = 'auditor.one'"))
        .isEqualTo(readsBefore + 2);
    assertThat(app.get("/api/audit/events", admin).statusCode()).isEqualTo(403);
    assertThat(app.get("/api/audit/events", null).statusCode()).isEqualTo(401);
  }

  @Test
  @DisplayName("the hash chain verifies an intact log, and names the position of an altered or deleted event")
  void tamperEvidence() throws Exception {
    for (int i = 0; i < 3; i++) {
      app.submit(TestApp.submission("COMMISSION", commission));
    }
    sealed();
    JsonObject intact = app.get("/api/audit/verify", auditor).bodyAsJsonObject();
    assertThat(intact.getString("status")).isEqualTo("OK");
    assertThat(intact.getLong("verified")).isEqualTo(app.eventCount());
    JsonObject head = app.get("/api/audit/head", null).bodyAsJsonObject();
    assertThat(head.getString("hash")).isEqualTo(intact.getJsonObject("head").getString("hash"));

    long victim = app.count("SELECT min(global_index) FROM domain_event_entry WHERE payload_type LIKE '%RequestSubmitted'");
    byte[] original;
    try (Connection c = app.jdbc()) {
      try (PreparedStatement ps = c.prepareStatement("SELECT payload FROM domain_event_entry WHERE global_index = ?")) {
        ps.setLong(1, victim);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          original = rs.getBytes(1);
        }
      }
      byte[] altered = original.clone();
      altered[altered.length / 2] ^= 1;
      update(c, victim, altered);
      JsonObject tampered = app.get("/api/audit/verify", auditor).bodyAsJsonObject();
      assertThat(tampered.getString("status")).isEqualTo("TAMPERED");
      assertThat(tampered.getLong("position")).isEqualTo(victim);
      update(c, victim, original);
      assertThat(app.get("/api/audit/verify", auditor).bodyAsJsonObject().getString("status")).isEqualTo("OK");

      long deleted = app.count("SELECT max(global_index) FROM event_seal");
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM domain_event_entry WHERE global_index = ?")) {
        ps.setLong(1, deleted);
        ps.executeUpdate();
      }
      JsonObject missing = app.get("/api/audit/verify", auditor).bodyAsJsonObject();
      assertThat(missing.getString("status")).isEqualTo("TAMPERED");
      assertThat(missing.getLong("position")).isEqualTo(deleted);
      assertThat(missing.getString("problem")).contains("deleted");
    }
  }

  private static void update(Connection c, long position, byte[] payload) throws Exception {
    try (PreparedStatement ps = c.prepareStatement("UPDATE domain_event_entry SET payload = ? WHERE global_index = ?")) {
      ps.setBytes(1, payload);
      ps.setLong(2, position);
      ps.executeUpdate();
    }
  }

  @Test
  @DisplayName("serves the schema of every event type")
  void catalog() {
    JsonArray events = app.get("/api/events/catalog", null).bodyAsJsonObject().getJsonArray("events");
    long eventTypes = Arrays.stream(new Class<?>[] {al.tirana.councilline.request.RequestEvent.class,
        al.tirana.councilline.directory.DirectoryEvent.class, al.tirana.councilline.identity.AccountEvent.class,
        al.tirana.councilline.open311.ApiKeyEvent.class}).mapToLong(t -> t.getPermittedSubclasses().length).sum();
    assertThat(events.stream().map(o -> ((JsonObject) o).getString("title")).distinct().count())
        .as("one title per event type; older revisions are listed too").isEqualTo(eventTypes);
    assertThat(events.stream().filter(o -> "0".equals(((JsonObject) o).getString("x-revision")))).hasSize(1);
    assertThat(events.stream().map(JsonObject.class::cast).filter(o -> o.getString("title").equals("RequestSubmitted"))
        .map(o -> o.getString("x-revision"))).as("the older revision stays listed").containsExactlyInAnyOrder("1", "2");
    assertThat(events.stream().map(o -> ((JsonObject) o).getString("title"))).contains("RequestSubmitted",
        "SlaBreached", "CounselorRegistered");
  }
}
