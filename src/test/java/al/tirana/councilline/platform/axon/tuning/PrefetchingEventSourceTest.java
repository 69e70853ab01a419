package al.tirana.councilline.platform.axon.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.StreamableMessageSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A processor reading ahead")
class PrefetchingEventSourceTest {

  private final EmbeddedEventStore store =
      EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();

  @AfterEach
  void stop() {
    store.shutDown();
  }

  @Test
  @DisplayName("gets every event in order with its token, those already stored and those that arrive later")
  void deliversEverythingInOrder() throws Exception {
    store.publish(IntStream.range(0, 2_500).mapToObj(i -> GenericEventMessage.asEventMessage("old " + i)).toList());
    PrefetchingEventSource source = new PrefetchingEventSource(store, "test", 100);
    try (BlockingStream<TrackedEventMessage<?>> stream = source.openStream(null)) {
      List<String> payloads = new ArrayList<>();
      List<TrackingToken> tokens = new ArrayList<>();
      while (payloads.size() < 2_500) {
        assertThat(stream.hasNextAvailable(5, TimeUnit.SECONDS)).isTrue();
        TrackedEventMessage<?> message = stream.nextAvailable();
        payloads.add((String) message.getPayload());
        tokens.add(message.trackingToken());
      }
      store.publish(GenericEventMessage.asEventMessage("new"));

      assertThat(stream.hasNextAvailable(5, TimeUnit.SECONDS)).isTrue();
      assertThat(stream.peek().map(m -> (Object) m.getPayload())).contains("new");
      assertThat(stream.nextAvailable().getPayload()).isEqualTo("new");
      assertThat(payloads).containsExactlyElementsOf(IntStream.range(0, 2_500).mapToObj(i -> "old " + i).toList());
      for (int i = 1; i < tokens.size(); i++) {
        assertThat(tokens.get(i).covers(tokens.get(i - 1))).isTrue();
        assertThat(tokens.get(i - 1).covers(tokens.get(i))).isFalse();
      }
      assertThat(stream.hasNextAvailable()).isFalse();
    }
  }

  @Test
  @DisplayName("throws the event store's failure to the processor, which then opens the stream again")
  void reportsAFailedRead() throws Exception {
    AtomicBoolean closed = new AtomicBoolean();
    PrefetchingEventSource source = new PrefetchingEventSource(failing(closed), "test", 100);
    BlockingStream<TrackedEventMessage<?>> stream = source.openStream(null);

    assertThatThrownBy(() -> {
      for (int i = 0; i < 50; i++) {
        stream.hasNextAvailable(100, TimeUnit.MILLISECONDS);
      }
    }).isInstanceOf(IllegalStateException.class).hasMessage("the database is gone");
    stream.close();
    assertThat(closed).as("the underlying stream is closed").isTrue();
  }

  @Test
  @DisplayName("tells the processor when the reading thread died of an error, instead of leaving it waiting")
  void reportsADeadReader() throws Exception {
    AtomicBoolean closed = new AtomicBoolean();
    StreamableMessageSource<TrackedEventMessage<?>> dying = token -> new Closing(store.openStream(token), closed) {
      @Override
      public boolean hasNextAvailable(int timeout, TimeUnit unit) {
        throw new StackOverflowError("deep in the event store");
      }
    };
    BlockingStream<TrackedEventMessage<?>> stream = new PrefetchingEventSource(dying, "test", 10).openStream(null);

    assertThatThrownBy(() -> {
      for (int i = 0; i < 50; i++) {
        stream.hasNextAvailable(100, TimeUnit.MILLISECONDS);
      }
    }).isInstanceOf(IllegalStateException.class).hasMessage("Reading ahead of test ended unexpectedly");
    stream.close();
    assertThat(closed).isTrue();
  }

  @Test
  @DisplayName("stops reading and closes the underlying stream when the processor closes it, even when full")
  void closesTheUnderlyingStream() throws Exception {
    store.publish(IntStream.range(0, 50).mapToObj(GenericEventMessage::asEventMessage).toList());
    AtomicBoolean closed = new AtomicBoolean();
    StreamableMessageSource<TrackedEventMessage<?>> watched = token -> new Closing(store.openStream(token), closed);
    PrefetchingEventSource source = new PrefetchingEventSource(watched, "test", 10);
    BlockingStream<TrackedEventMessage<?>> stream = source.openStream(null);
    assertThat(stream.hasNextAvailable(5, TimeUnit.SECONDS)).isTrue();

    long started = System.nanoTime();
    stream.close();

    assertThat(closed).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    assertThat(Thread.getAllStackTraces().keySet().stream().map(Thread::getName))
        .doesNotContain("prefetch[test]");
  }

  /** A source whose streams fail on the first read, as the event store's do when the database has gone. */
  private StreamableMessageSource<TrackedEventMessage<?>> failing(AtomicBoolean closed) {
    return token -> new Closing(store.openStream(token), closed) {
      @Override
      public boolean hasNextAvailable(int timeout, TimeUnit unit) {
        throw new IllegalStateException("the database is gone");
      }
    };
  }

  /** A stream that says when it is closed. */
  private static class Closing extends ForwardingStream {

    private final AtomicBoolean closed;

    Closing(BlockingStream<TrackedEventMessage<?>> inner, AtomicBoolean closed) {
      super(inner);
      this.closed = closed;
    }

    @Override
    public void close() {
      stream.close();
      closed.set(true);
    }
  }
}
