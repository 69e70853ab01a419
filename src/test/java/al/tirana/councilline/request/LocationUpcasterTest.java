package al.tirana.councilline.request;

import al.tirana.councilline.shared.Addressee;
import al.tirana.councilline.shared.Category;
import al.tirana.councilline.shared.Priority;
import al.tirana.councilline.shared.Channel;
import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.platform.json.Json;
import al.tirana.councilline.shared.Actor;
import al.tirana.councilline.support.StoredEvents;
import al.tirana.councilline.support.StartedApp;
import al.tirana.councilline.support.TestApp;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.axonframework.eventhandling.DomainEventMessage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A submission stored before requests had a place (RequestSubmitted revision 1)")
class LocationUpcasterTest {

  @Test
  @DisplayName("is read as revision 2 with no location and every other field as stored; the row is left as it was")
  void readsRevisionOne(@StartedApp.Fresh TestApp app) throws Exception {
    Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    RequestEvent.RequestSubmitted current = new RequestEvent.RequestSubmitted("TR-2025-000042", Kind.PROPOSAL,
        Priority.NORMAL, Category.TRANSPORT, Addressee.commission("transport"),
        new SealedPersonalData(UUID.randomUUID().toString(), "c2VhbGVk"), "c".repeat(64), "sq", 9,
        at.plus(Duration.ofDays(15)), Actor.citizen("old-citizen"), at, Channel.DESK, null);
    JsonObject v1 = new JsonObject(Json.mapper().writeValueAsString(current));
    v1.remove("location");
    try (Connection c = app.jdbc()) {
      StoredEvents.append(c, "CitizenRequest", current.number(), 0, RequestEvent.RequestSubmitted.class, "1",
          v1.encode().getBytes(StandardCharsets.UTF_8), at);
    }

    List<? extends DomainEventMessage<?>> events = app.app().axon().eventStore().readEvents(current.number())
        .asStream().toList();
    assertThat(events.get(0).getPayload()).isEqualTo(current);
    assertThat(app.count("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? "
        + "AND payload_revision = '1' AND convert_from(payload, 'UTF8') NOT LIKE '%location%'", current.number()))
        .isEqualTo(1);
  }
}
