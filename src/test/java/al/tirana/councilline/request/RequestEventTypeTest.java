package al.tirana.councilline.request;

import al.tirana.councilline.shared.Channel;
import al.tirana.councilline.shared.Status;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The request event types that read models switch over")
class RequestEventTypeTest {

  @Test
  @DisplayName("name every request event exactly once, so a new event cannot be left out of a read model's switch")
  void oneConstantPerEvent() {
    assertThat(Arrays.stream(RequestEvent.Type.values()).<Class<?>>map(RequestEvent.Type::eventClass).toList())
        .containsExactlyInAnyOrderElementsOf(Arrays.asList(RequestEvent.class.getPermittedSubclasses()));
  }

  @Test
  @DisplayName("find an event's type, and the timeline reads a reopening's status from the event")
  void findsTheEventsType() {
    RequestEvent reopened = new RequestEvent.RequestReopened("TR-2026-000001", "Not done", Status.ASSIGNED, null,
        null, Channel.WEB);
    assertThat(RequestEvent.Type.of(reopened)).isEqualTo(RequestEvent.Type.REQUEST_REOPENED);
    TimelineEntry entry = TimelineEntry.of(reopened, a -> a.id());
    assertThat(entry.summary()).isEqualTo("Reopened");
    assertThat(entry.status()).isEqualTo(Status.ASSIGNED);
  }
}
