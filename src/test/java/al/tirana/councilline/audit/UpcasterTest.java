package al.tirana.councilline.audit;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.request.RequestEvent;
import al.tirana.councilline.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.axonframework.eventhandling.DomainEventMessage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("An event stored in an older shape")
class UpcasterTest {

  @Test
  @DisplayName("is read in the current shape through its upcaster, and the stored row is left as it was")
  void upcastsRevisionZero(Vertx vertx) throws Exception {
    try (TestApp app = TestApp.onFreshDatabase(vertx)) {
      String admin = app.adminToken();
      String commission = app.createCommission(admin, "Youth Commission");
      String number = app.submit(TestApp.submission("COMMISSION", commission)).getString("number");
      long next = app.count("SELECT max(sequence_number) + 1 FROM domain_event_entry WHERE aggregate_identifier = ?",
          number);
      String old = new JsonObject().put("number", number).put("note", "Called the citizen back")
          .put("by", new JsonObject().put("id", "desk.old").put("role", "STAFF"))
          .put("at", Instant.now().toString()).put("channel", "WEB").encode();
      try (Connection c = app.jdbc(); PreparedStatement ps = c.prepareStatement("INSERT INTO domain_event_entry "
          + "(aggregate_identifier, sequence_number, type, event_identifier, meta_data, payload, payload_revision, "
          + "payload_type, time_stamp) VALUES (?, ?, 'CitizenRequest', ?, ?, ?, '0', ?, ?)")) {
        ps.setString(1, number);
        ps.setLong(2, next);
        ps.setString(3, UUID.randomUUID().toString());
        ps.setBytes(4, "{}".getBytes(StandardCharsets.UTF_8));
        ps.setBytes(5, old.getBytes(StandardCharsets.UTF_8));
        ps.setString(6, RequestEvent.InternalNoteAdded.class.getName());
        ps.setString(7, Instant.now().toString());
        ps.executeUpdate();
      }

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
  }
}
