package al.tirana.councilline.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The visitor over request events")
class RequestEventVisitorTest {

  @Test
  @DisplayName("has exactly one method per event type and no default, so every read model must handle a new event")
  void oneAbstractMethodPerEvent() {
    List<Class<?>> events = Arrays.asList(RequestEvent.class.getPermittedSubclasses());
    List<Method> methods = Arrays.asList(RequestEvent.Visitor.class.getDeclaredMethods());
    assertThat(methods).allMatch(m -> !m.isDefault(), "no method has a default");
    assertThat(methods.stream().map(m -> m.getParameterTypes()[0]).toList())
        .containsExactlyInAnyOrderElementsOf(events);
  }

  @Test
  @DisplayName("calls the method of the event's own type")
  void dispatchesOnTheEventsType() {
    RequestEvent reopened = new RequestEvent.RequestReopened("TR-2026-000001", "Not done", Status.ASSIGNED, null,
        null, Channel.WEB);
    TimelineEntry entry = TimelineEntry.of(reopened, a -> a.id());
    assertThat(entry.summary()).isEqualTo("Reopened");
    assertThat(entry.status()).isEqualTo(Status.ASSIGNED);
  }
}
