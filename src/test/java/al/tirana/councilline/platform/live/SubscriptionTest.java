package al.tirana.councilline.platform.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("A live subscription")
class SubscriptionTest {

  static LiveStream.Item item(long position) {
    return new LiveStream.Item(LiveStream.FEED, position, "TR-2026-00000" + position, "RequestSubmitted",
        "{}", null, null, null, null);
  }

  private static final class RecordingSink implements Subscription.Sink {
    final List<Long> sent = new ArrayList<>();
    final List<String> closed = new ArrayList<>();
    boolean full;

    @Override
    public boolean send(LiveStream.Item item) {
      sent.add(item.position());
      return !full;
    }

    @Override
    public void heartbeat() {
    }

    @Override
    public void close(String reason) {
      closed.add(reason);
    }
  }

  @Test
  @DisplayName("sends the replay, then the changes that arrived during it, each position once and in order")
  void replayThenLive(Vertx vertx) {
    RecordingSink sink = new RecordingSink();
    Subscription subscription = new Subscription(LiveStream.FEED, i -> true, vertx.getOrCreateContext(), sink, 3);
    subscription.deliver(item(6));
    subscription.deliver(item(7));
    subscription.replayPage(List.of(item(4), item(5), item(6)));
    subscription.replayDone();
    subscription.deliver(item(7));
    subscription.deliver(item(8));
    assertThat(sink.sent).containsExactly(4L, 5L, 6L, 7L, 8L);
  }

  @Test
  @DisplayName("closes a client whose connection stops taking data, so the server never buffers without bound")
  void slowClientIsClosed(Vertx vertx) {
    RecordingSink sink = new RecordingSink();
    Subscription subscription = new Subscription(LiveStream.FEED, i -> true, vertx.getOrCreateContext(), sink, 0);
    subscription.replayDone();
    subscription.deliver(item(1));
    sink.full = true;
    subscription.deliver(item(2));
    subscription.deliver(item(3));
    assertThat(subscription.isClosed()).isTrue();
    assertThat(sink.closed).containsExactly(Subscription.TOO_FAR_BEHIND);
    assertThat(sink.sent).containsExactly(1L, 2L);
  }

  @Test
  @DisplayName("closes a client that falls more than the buffer limit behind while its replay is still running")
  void boundedWhileReplaying(Vertx vertx) {
    RecordingSink sink = new RecordingSink();
    List<Runnable> released = new ArrayList<>();
    Subscription subscription = new Subscription(LiveStream.FEED, i -> true, vertx.getOrCreateContext(), sink, 0);
    subscription.onClose(() -> released.add(() -> { }));
    LongStream.rangeClosed(1, Subscription.MAX_PENDING + 1).forEach(p -> subscription.deliver(item(p)));
    assertThat(subscription.isClosed()).isTrue();
    assertThat(released).hasSize(1);
    assertThat(sink.sent).isEmpty();
  }
}
