package al.tirana.councilline.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A processor nobody watches live")
class CoalescingEventSourceTest {

  private final EmbeddedEventStore store =
      EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
  private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    later.shutdownNow();
    store.shutDown();
  }

  @Test
  @DisplayName("takes the events that arrive while it waits in the same batch as the one that woke it")
  void gathersWhatArrivesDuringTheWait() throws Exception {
    CoalescingEventSource source = new CoalescingEventSource(store, Duration.ofMillis(500));
    try (BlockingStream<TrackedEventMessage<?>> stream = source.openStream(null)) {
      later.schedule(() -> store.publish(GenericEventMessage.asEventMessage("first")), 100, TimeUnit.MILLISECONDS);
      later.schedule(() -> store.publish(GenericEventMessage.asEventMessage("second")), 250, TimeUnit.MILLISECONDS);

      assertThat(stream.hasNextAvailable(5, TimeUnit.SECONDS)).isTrue();

      assertThat(stream.nextAvailable().getPayload()).isEqualTo("first");
      assertThat(stream.hasNextAvailable()).as("the second event is there without waiting again").isTrue();
      assertThat(stream.nextAvailable().getPayload()).isEqualTo("second");
    }
  }

  @Test
  @DisplayName("reads a backlog without waiting, so a rebuild runs at full speed")
  void readsABacklogAtOnce() throws Exception {
    store.publish(GenericEventMessage.asEventMessage("waiting"));
    CoalescingEventSource source = new CoalescingEventSource(store, Duration.ofSeconds(30));
    try (BlockingStream<TrackedEventMessage<?>> stream = source.openStream(null)) {
      long started = System.nanoTime();
      assertThat(stream.hasNextAvailable(5, TimeUnit.SECONDS)).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
      assertThat(stream.nextAvailable().getPayload()).isEqualTo("waiting");
    }
  }

  @Test
  @DisplayName("reports no events when none arrive, as the processor expects")
  void reportsNothingWhenNothingArrives() throws Exception {
    CoalescingEventSource source = new CoalescingEventSource(store, Duration.ofSeconds(30));
    try (BlockingStream<TrackedEventMessage<?>> stream = source.openStream(null)) {
      assertThat(stream.hasNextAvailable(100, TimeUnit.MILLISECONDS)).isFalse();
    }
  }
}
