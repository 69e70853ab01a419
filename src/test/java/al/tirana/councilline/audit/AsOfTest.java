package al.tirana.councilline.audit;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.request.RequestEvent;
import al.tirana.councilline.support.StartedApp;
import al.tirana.councilline.support.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.DomainEventMessage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@StartedApp
@DisplayName("The as-of view, reading events in their current shape without the upcaster chain")
class AsOfTest {

  @StartedApp.Node
  private static TestApp app;
  @StartedApp.Admin
  private static String admin;

  @Test
  @DisplayName("answers, as of every instant of a history with events stored in older shapes, exactly the text of "
      + "the events as Axon's event store reads them through the upcasters, encoded as a JSON object")
  void sameAsTheUpcasterChain() throws Exception {
    String auditor = app.createUser(admin, "auditor.asof", "AUDITOR", null);
    String commission = app.createCommission(admin, "As-of Commission");
    String counselor = app.createCounselor(admin, "Drita Asof", "drita.asof@tirana.al", commission);
    String number = app.submit(TestApp.submission("COMMISSION", commission)).getString("number");
    ok(app.post("/api/requests/" + number + "/assign", admin, new JsonObject().put("counselorId", counselor)));
    for (int i = 0; i < 3; i++) {
      ok(app.post("/api/requests/" + number + "/notes", admin, new JsonObject().put("text", "Step " + i)));
    }
    // a note as revision 0 stored it ("note" where revision 1 has "text")
    UpcasterTest.store(app, number, UpcasterTest.nextSequence(app, number), RequestEvent.InternalNoteAdded.class,
        "0", new JsonObject().put("number", number).put("note", "Called the citizen back")
            .put("by", new JsonObject().put("id", "desk.old").put("role", "STAFF"))
            .put("at", Instant.now().toString()).put("channel", "WEB").encode());
    ok(app.post("/api/requests/" + number + "/respond", admin, new JsonObject().put("message", "Done")));
    ok(app.post("/api/requests/" + number + "/resolve", admin, null));
    // a reopening as revision 1 stored it, without the status: read directly it would have none, and the view's
    // status would differ from the chain's ASSIGNED
    UpcasterTest.store(app, number, UpcasterTest.nextSequence(app, number), RequestEvent.RequestReopened.class,
        "1", new JsonObject().put("number", number).put("reason", "Reopened before the upgrade")
            .put("by", new JsonObject().put("id", "desk.old").put("role", "STAFF"))
            .put("at", Instant.now().toString()).put("channel", "WEB").encode());
    ok(app.post("/api/requests/" + number + "/notes", admin, new JsonObject().put("text", "After the reopening")));

    List<DomainEventMessage<?>> stored = new ArrayList<>(app.app().axon().eventStore().readEvents(number).asStream()
        .toList());
    Map<Long, Long> positions = positions(number);
    assertThat(stored).hasSize(positions.size());
    List<Instant> instants = new ArrayList<>();
    stored.forEach(event -> instants.add(event.getTimestamp()));
    instants.add(stored.get(stored.size() - 1).getTimestamp().plusSeconds(1));

    for (Instant instant : instants) {
      List<DomainEventMessage<?>> upToThen = stored.stream().filter(e -> !e.getTimestamp().isAfter(instant))
          .toList();
      long[] at = upToThen.stream().mapToLong(e -> positions.get(e.getSequenceNumber())).toArray();
      RequestEvent[] payloads = upToThen.stream().map(e -> (RequestEvent) e.getPayload())
          .toArray(RequestEvent[]::new);
      String expected = AsOf.render(number, instant.toString(), at, payloads);

      HttpResponse<Buffer> response = app.get("/api/audit/requests/" + number + "?asOf=" + instant, auditor);
      assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
      String body = response.bodyAsString();
      assertThat(body).as("as of " + instant).isEqualTo(expected);
      assertThat(body).as("the timeline spliced in reads as the whole object encoded")
          .isEqualTo(new JsonObject(body).encode());
      assertThat(new JsonObject(body).getJsonArray("timeline")).hasSize(upToThen.size());
    }
    JsonObject now = app.get("/api/audit/requests/" + number, auditor).bodyAsJsonObject();
    assertThat(now.getString("status")).isEqualTo("ASSIGNED");
    assertThat(now.getJsonArray("timeline").stream().map(o -> ((JsonObject) o).getString("type")).toList())
        .contains("RequestReopened", "InternalNoteAdded").hasSize(stored.size());
  }

  private static Map<Long, Long> positions(String number) throws Exception {
    Map<Long, Long> positions = new HashMap<>();
    try (Connection c = app.jdbc(); PreparedStatement ps = c.prepareStatement("SELECT sequence_number, global_index "
        + "FROM domain_event_entry WHERE aggregate_identifier = ?")) {
      ps.setString(1, number);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          positions.put(rs.getLong(1), rs.getLong(2));
        }
      }
    }
    return positions;
  }

  private static void ok(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
  }
}
