package al.tirana.councilline.audit;

import static al.tirana.councilline.support.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.request.RequestEvent;
import al.tirana.councilline.support.StartedApp;
import al.tirana.councilline.support.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.eventhandling.DomainEventMessage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("An event stored in an older shape")
class UpcasterTest {

  @Test
  @DisplayName("is read in the current shape through its upcaster, and the stored row is left as it was")
  void upcastsRevisionZero(@StartedApp.Fresh TestApp app, @StartedApp.Admin String admin,
      @StartedApp.Commission("Youth Commission") String commission) throws Exception {
    String number = app.submit(TestApp.submission("COMMISSION", commission)).getString("number");
    String old = new JsonObject().put("number", number).put("note", "Called the citizen back")
        .put("by", new JsonObject().put("id", "desk.old").put("role", "STAFF"))
        .put("at", Instant.now().toString()).put("channel", "WEB").encode();
    long next = nextSequence(app, number);
    store(app, number, next, RequestEvent.InternalNoteAdded.class, "0", old);

    List<? extends DomainEventMessage<?>> events = app.app().axon().eventStore().readEvents(number).asStream()
        .toList();
    RequestEvent.InternalNoteAdded note = (RequestEvent.InternalNoteAdded) events.get(events.size() - 1)
        .getPayload();
    assertThat(note.text()).isEqualTo("Called the citizen back");
    assertThat(note.by().id()).isEqualTo("desk.old");

    // the aggregate still loads and accepts commands on top of the old event
    assertThat(app.post("/api/requests/" + number + "/acknowledge", admin, null).statusCode()).isEqualTo(200);
    assertThat(app.count("SELECT count(*) FROM domain_event_entry WHERE payload_revision = '0'")).isEqualTo(1);
  }

  @Test
  @DisplayName("a reopening stored before it carried its status returns to ASSIGNED if the request was ever "
      + "assigned, else to ACKNOWLEDGED, in the request, the audit, the live projections and a rebuild")
  void upcastsReopeningWithoutStatus(@StartedApp.Fresh TestApp app, @StartedApp.Admin String admin) throws Exception {
    String auditor = app.createUser(admin, "auditor.old", "AUDITOR", null);
    String commission = app.createCommission(admin, "Youth Commission");
    String counselor = app.createCounselor(admin, "Arta Hoxha", "arta.hoxha@tirana.al", commission);
    String assigned = app.submit(TestApp.submission("COMMISSION", commission)).getString("number");
    ok(app.post("/api/requests/" + assigned + "/assign", admin, new JsonObject().put("counselorId", counselor)));
    ok(app.post("/api/requests/" + assigned + "/respond", admin, new JsonObject().put("message", "Done")));
    ok(app.post("/api/requests/" + assigned + "/resolve", admin, null));
    String unassigned = app.submit(TestApp.submission("COMMISSION", commission)).getString("number");
    ok(app.post("/api/requests/" + unassigned + "/acknowledge", admin, null));
    ok(app.post("/api/requests/" + unassigned + "/reject", admin, new JsonObject().put("reason", "Duplicate")));

    // as revision 1 stored it: no status
    for (String number : List.of(assigned, unassigned)) {
      store(app, number, nextSequence(app, number), RequestEvent.RequestReopened.class, "1",
          new JsonObject().put("number", number).put("reason", "Reopened before the upgrade")
              .put("by", new JsonObject().put("id", "desk.old").put("role", "STAFF"))
              .put("at", Instant.now().toString()).put("channel", "WEB").encode());
    }

    Map<String, String> expected = Map.of(assigned, "ASSIGNED", unassigned, "ACKNOWLEDGED");
    for (Map.Entry<String, String> request : expected.entrySet()) {
      String number = request.getKey();
      String status = request.getValue();
      List<? extends DomainEventMessage<?>> events = app.app().axon().eventStore().readEvents(number).asStream()
          .toList();
      RequestEvent.RequestReopened reopened = (RequestEvent.RequestReopened) events.get(events.size() - 1)
          .getPayload();
      assertThat(reopened.status()).as(number).hasToString(status);
      assertThat(reopened.reason()).isEqualTo("Reopened before the upgrade");

      JsonObject asOf = app.get("/api/audit/requests/" + number, auditor).bodyAsJsonObject();
      assertThat(asOf.getString("status")).as("as-of " + number).isEqualTo(status);

      // the live processors read the stored event as it arrives
      eventually(() -> status.equals(latestTracked(app, number)));
      eventually(() -> app.count("SELECT count(*) FROM stats_request WHERE number = ? AND status = ? "
          + "AND resolved_at IS NULL", number, status) == 1);
      eventually(() -> app.count("SELECT count(*) FROM inbox_item WHERE number = ? AND status = ? "
          + "AND last_event = 'RequestReopened'", number, status) == 1);
    }

    // the request itself: only an ASSIGNED request may be referred, only a reopened one may be rejected again
    ok(app.post("/api/requests/" + assigned + "/refer", admin, new JsonObject().put("department", "Parks")));
    ok(app.post("/api/requests/" + unassigned + "/reject", admin, new JsonObject().put("reason", "Again")));

    long head = app.count("SELECT max(global_index) FROM domain_event_entry");
    assertThat(app.post("/api/admin/projections/tracking/rebuild", admin, null).statusCode()).isEqualTo(202);
    eventually(() -> app.app().projections().caughtUp("tracking", head));
    assertThat(app.count("SELECT count(*) FROM tracking_item WHERE type = 'RequestReopened' AND "
        + "((number = ? AND status = 'ASSIGNED') OR (number = ? AND status = 'ACKNOWLEDGED'))", assigned,
        unassigned)).isEqualTo(2);
    assertThat(app.count("SELECT count(*) FROM domain_event_entry WHERE payload_revision = '1' "
        + "AND payload_type LIKE '%RequestReopened'")).as("the stored rows are left as they were").isEqualTo(2);
  }

  private static String latestTracked(TestApp app, String number) throws Exception {
    try (Connection c = app.jdbc(); PreparedStatement ps = c.prepareStatement("SELECT type, status FROM "
        + "tracking_item WHERE number = ? ORDER BY position DESC LIMIT 1")) {
      ps.setString(1, number);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && "RequestReopened".equals(rs.getString(1)) ? rs.getString(2) : null;
      }
    }
  }

  private static void ok(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
  }

  static long nextSequence(TestApp app, String number) throws Exception {
    return app.count("SELECT max(sequence_number) + 1 FROM domain_event_entry WHERE aggregate_identifier = ?",
        number);
  }

  /** Inserts an event as an older version of the app stored it. */
  static void store(TestApp app, String number, long sequence, Class<?> type, String revision, String json)
      throws Exception {
    try (Connection c = app.jdbc(); PreparedStatement ps = c.prepareStatement("INSERT INTO domain_event_entry "
        + "(aggregate_identifier, sequence_number, type, event_identifier, meta_data, payload, payload_revision, "
        + "payload_type, time_stamp) VALUES (?, ?, 'CitizenRequest', ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, number);
      ps.setLong(2, sequence);
      ps.setString(3, UUID.randomUUID().toString());
      ps.setBytes(4, "{}".getBytes(StandardCharsets.UTF_8));
      ps.setBytes(5, json.getBytes(StandardCharsets.UTF_8));
      ps.setString(6, revision);
      ps.setString(7, type.getName());
      // at most microseconds, as the app's clock stores them: PostgreSQL rounds a finer instant when comparing
      ps.setString(8, Instant.now().truncatedTo(ChronoUnit.MICROS).toString());
      ps.executeUpdate();
    }
  }
}
