package al.tirana.councilline.platform.axon.tuning;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.audit.SealingProjection;
import al.tirana.councilline.directory.DirectoryProjection;
import al.tirana.councilline.feed.AccountabilityProjection;
import al.tirana.councilline.feed.FeedProjection;
import al.tirana.councilline.identity.AccountProjection;
import al.tirana.councilline.notification.NotificationProjection;
import al.tirana.councilline.request.InboxProjection;
import al.tirana.councilline.request.RequestViewProjection;
import al.tirana.councilline.request.TrackingProjection;
import al.tirana.councilline.stats.StatsProjection;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.MultiEventHandlerInvoker;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Remembering which events a processor handles")
class KnownHandlersTest {

  record Filed(String number) {
  }

  record Unrelated(String number) {
  }

  /** Wants domain events only (its sequence number), and no replays. */
  @DisallowReplay
  static final class Recorder {
    final List<Object> seen = new ArrayList<>();

    @EventHandler
    void on(Filed event, @SequenceNumber long sequence) {
      seen.add(event);
    }
  }

  private static final TrackingToken AT = new GlobalSequenceTrackingToken(5);

  private static EventMessage<?> domain(Object payload) {
    return new GenericTrackedDomainEventMessage<>(AT, new GenericDomainEventMessage<>("CitizenRequest", "r-1", 0,
        payload));
  }

  private static EventMessage<?> notDomain(Object payload) {
    return new GenericTrackedEventMessage<>(AT, GenericEventMessage.asEventMessage(payload));
  }

  private static EventMessage<?> replayed(Object payload) {
    TrackingToken replay = ReplayToken.createReplayToken(new GlobalSequenceTrackingToken(10), AT);
    return new GenericTrackedDomainEventMessage<>(replay, new GenericDomainEventMessage<>("CitizenRequest", "r-1", 0,
        payload));
  }

  /** As Axon's EventProcessingModule builds a processor's invoker. */
  private static EventHandlerInvoker axonInvoker(Object handler) {
    return new MultiEventHandlerInvoker(SimpleEventHandlerInvoker.builder().eventHandlers(handler).build());
  }

  @Test
  @DisplayName("answers as Axon does: by payload type, by domain or not, by replay or not, and on split segments")
  void answersAsAxon() {
    EventHandlerInvoker axon = axonInvoker(new Recorder());
    EventHandlerInvoker known = KnownHandlers.around(axonInvoker(new Recorder()));
    Segment[] halves = Segment.ROOT_SEGMENT.split();
    List<EventMessage<?>> events = List.of(domain(new Filed("1")), domain(new Unrelated("1")),
        notDomain(new Filed("1")), replayed(new Filed("1")), domain(new Filed("2")));
    assertThat(events.stream().map(e -> axon.canHandle(e, Segment.ROOT_SEGMENT)).toList())
        .as("the cases differ in Axon's own answers").containsExactly(true, false, false, false, true);
    for (int round = 0; round < 2; round++) {
      for (EventMessage<?> event : events) {
        assertThat(known.canHandle(event, Segment.ROOT_SEGMENT)).as("%s", event).isEqualTo(
            axon.canHandle(event, Segment.ROOT_SEGMENT));
        for (Segment half : halves) {
          assertThat(known.canHandle(event, half)).as("%s in %s", event, half).isEqualTo(axon.canHandle(event, half));
        }
      }
    }
    assertThat(known.supportsReset()).isEqualTo(axon.supportsReset());
  }

  @Test
  @DisplayName("asks Axon once per kind of event on the one segment, and every time on a split one")
  void asksOncePerKind() {
    AtomicInteger asked = new AtomicInteger();
    EventHandlerInvoker counting = new EventHandlerInvoker() {
      @Override
      public boolean canHandle(EventMessage<?> eventMessage, Segment segment) {
        asked.incrementAndGet();
        return eventMessage.getPayload() instanceof Filed;
      }

      @Override
      public void handle(EventMessage<?> message, Segment segment) {
      }
    };
    EventHandlerInvoker known = KnownHandlers.around(counting);
    for (int i = 0; i < 5; i++) {
      assertThat(known.canHandle(domain(new Filed("n" + i)), Segment.ROOT_SEGMENT)).isTrue();
    }
    assertThat(asked).as("five events of one kind").hasValue(1);
    assertThat(known.canHandle(domain(new Unrelated("1")), Segment.ROOT_SEGMENT)).isFalse();
    assertThat(known.canHandle(notDomain(new Filed("1")), Segment.ROOT_SEGMENT)).isTrue();
    assertThat(known.canHandle(replayed(new Filed("1")), Segment.ROOT_SEGMENT)).isTrue();
    assertThat(asked).as("three more kinds").hasValue(4);
    Segment half = Segment.ROOT_SEGMENT.split()[0];
    known.canHandle(domain(new Filed("1")), half);
    known.canHandle(domain(new Filed("1")), half);
    assertThat(asked).as("a split segment decides by the event's aggregate, so it is asked each time").hasValue(6);
  }

  @Test
  @DisplayName("hands each event to the handlers that take it, once")
  void handsEventsOn() throws Exception {
    Recorder recorder = new Recorder();
    EventHandlerInvoker known = KnownHandlers.around(axonInvoker(recorder));
    Filed filed = new Filed("7");
    for (EventMessage<?> event : List.of(domain(filed), domain(new Unrelated("7")))) {
      if (known.canHandle(event, Segment.ROOT_SEGMENT)) {
        known.handle(event, Segment.ROOT_SEGMENT);
      }
    }
    assertThat(recorder.seen).containsExactly(filed);
  }

  /** Every class of the application that declares a processing group, found in the compiled classes. */
  private static List<Class<?>> processingGroups() throws Exception {
    Path classes = Path.of(KnownHandlers.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<Class<?>> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
        Class<?> type = Class.forName(name, false, KnownHandlersTest.class.getClassLoader());
        if (type.isAnnotationPresent(ProcessingGroup.class)) {
          found.add(type);
        }
      }
    }
    return found;
  }

  @Test
  @DisplayName("holds for every projection: their handlers take nothing that depends on an event's content")
  void projectionsTakeNoContentDependentParameters() throws Exception {
    List<Class<?>> projections = processingGroups();
    assertThat(projections).as("the scan finds the projections").contains(TrackingProjection.class,
        InboxProjection.class, FeedProjection.class, AccountabilityProjection.class, SealingProjection.class,
        StatsProjection.class, NotificationProjection.class, DirectoryProjection.class, RequestViewProjection.class,
        AccountProjection.class);
    List<String> parameters = new ArrayList<>();
    for (Class<?> projection : projections) {
      int handlers = 0;
      for (Class<?> type = projection; type != Object.class; type = type.getSuperclass()) {
        for (Method method : type.getDeclaredMethods()) {
          if (!method.isAnnotationPresent(EventHandler.class)) {
            continue;
          }
          handlers++;
          Parameter[] all = method.getParameters();
          for (int i = 1; i < all.length; i++) {
            if (!all[i].isAnnotationPresent(SequenceNumber.class)
                && !all[i].isAnnotationPresent(MessageIdentifier.class)) {
              parameters.add(type.getSimpleName() + "." + method.getName() + ": " + all[i]);
            }
          }
        }
      }
      assertThat(handlers).as("%s has event handlers", projection.getSimpleName()).isPositive();
    }
    assertThat(parameters).as("parameters KnownHandlers' remembered answers would not account for").isEmpty();
  }
}
