package al.tirana.councilline.platform.axon.tuning;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
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

@DisplayName("A paced processor")
class CoalescingEventSourceTest {

  private final EmbeddedEventStore store =
      EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
  private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    later.shutdownNow();
    store.shutDown();
  }

  /** The store's events, through the source under test, at most one batch per interval. */
  private BlockingStream<TrackedEventMessage<?>> paced(Duration interval) {
    return new CoalescingEventSource(store, interval).openStream(null);
  }

  private void publish(String payload) {
    store.publish(GenericEventMessage.asEventMessage(payload));
  }

  private void publishIn(long millis, String payload) {
    later.schedule(() -> publish(payload), millis, TimeUnit.MILLISECONDS);
  }

  /** How long the stream took to offer an event, which it must do within the limit. */
  private static Duration untilAvailable(BlockingStream<?> stream, Duration limit) throws InterruptedException {
    long started = System.nanoTime();
    assertThat(stream.hasNextAvailable((int) limit.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    return Duration.ofNanos(System.nanoTime() - started);
  }

  @Test
  @DisplayName("takes an event that arrives after a quiet spell at once, so a lone submission is not delayed")
  void takesALoneEventAtOnce() throws Exception {
    try (BlockingStream<TrackedEventMessage<?>> stream = paced(Duration.ofSeconds(30))) {
      publishIn(100, "lone");

      assertThat(untilAvailable(stream, Duration.ofSeconds(10))).isLessThan(Duration.ofSeconds(10));
      assertThat(stream.nextAvailable().getPayload()).isEqualTo("lone");
    }
  }

  @Test
  @DisplayName("takes the events of one interval in one batch after the previous one")
  void gathersWhatArrivesWithinTheInterval() throws Exception {
    try (BlockingStream<TrackedEventMessage<?>> stream = paced(Duration.ofMillis(500))) {
      publish("first");
      untilAvailable(stream, Duration.ofSeconds(5));
      long firstBatch = System.nanoTime();
      assertThat(stream.nextAvailable().getPayload()).isEqualTo("first");
      publishIn(50, "second");
      publishIn(250, "third");

      untilAvailable(stream, Duration.ofSeconds(5));

      assertThat(Duration.ofNanos(System.nanoTime() - firstBatch))
          .as("the next batch waits out the interval").isGreaterThanOrEqualTo(Duration.ofMillis(500));
      assertThat(stream.nextAvailable().getPayload()).isEqualTo("second");
      assertThat(stream.hasNextAvailable()).as("the third event is there without waiting again").isTrue();
      assertThat(stream.nextAvailable().getPayload()).isEqualTo("third");
    }
  }

  @Test
  @DisplayName("does not wait for events older than the interval, so a processor that fell behind catches up")
  void readsOldEventsWithoutPacing() throws Exception {
    try (BlockingStream<TrackedEventMessage<?>> stream = paced(Duration.ofSeconds(30))) {
      publish("recent");
      untilAvailable(stream, Duration.ofSeconds(5));
      stream.nextAvailable();
      Instant anHourAgo = Instant.now().minus(Duration.ofHours(1));
      store.publish(new GenericEventMessage<>(GenericEventMessage.asEventMessage("old"), () -> anHourAgo));

      assertThat(untilAvailable(stream, Duration.ofSeconds(5))).isLessThan(Duration.ofSeconds(5));
      assertThat(stream.nextAvailable().getPayload()).isEqualTo("old");
    }
  }

  @Test
  @DisplayName("reads a backlog without waiting, so a rebuild runs at full speed")
  void readsABacklogAtOnce() throws Exception {
    publish("waiting");
    try (BlockingStream<TrackedEventMessage<?>> stream = paced(Duration.ofSeconds(30))) {
      assertThat(untilAvailable(stream, Duration.ofSeconds(5))).isLessThan(Duration.ofSeconds(5));
      assertThat(stream.nextAvailable().getPayload()).isEqualTo("waiting");
    }
  }

  @Test
  @DisplayName("reports no events when none arrive, as the processor expects")
  void reportsNothingWhenNothingArrives() throws Exception {
    try (BlockingStream<TrackedEventMessage<?>> stream = paced(Duration.ofSeconds(30))) {
      assertThat(stream.hasNextAvailable(100, TimeUnit.MILLISECONDS)).isFalse();
    }
  }
}
