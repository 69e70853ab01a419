package al.tirana.councilline.platform.live;

import static al.tirana.councilline.platform.live.SubscriptionTest.item;
import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.support.Await;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("The subscriptions of one event loop")
class ContextGroupTest {

  /** A stream of a shared connection: the group writes a connection's streams together. */
  private record Sink(Object connection, List<Long> sent) implements Subscription.Sink {
    @Override
    public boolean send(LiveStream.Item item) {
      sent.add(item.position());
      return true;
    }

    @Override
    public void heartbeat() {
    }

    @Override
    public void close(String reason) {
    }
  }

  @Test
  @DisplayName("deliver batches offered back to back, to more subscriptions than one task serves, each change once "
      + "and in order, and forget a subscription once it closes")
  void batchesInOrderAcrossTasks(Vertx vertx) throws Exception {
    Context loop = vertx.getOrCreateContext();
    ContextGroup group = new ContextGroup(loop);
    int count = ContextGroup.CHUNK * 3 + 7;
    List<Sink> sinks = new ArrayList<>();
    List<Subscription> subscriptions = new ArrayList<>();
    CountDownLatch following = new CountDownLatch(1);
    loop.runOnContext(v -> {
      Object connection = null;
      for (int i = 0; i < count; i++) {
        if (i % 100 == 0) {
          connection = new Object();
        }
        Sink sink = new Sink(connection, new CopyOnWriteArrayList<>());
        Subscription subscription = new Subscription(LiveStream.FEED, item -> true, loop, sink, 0);
        subscription.onClose(() -> group.remove(subscription));
        subscription.replayDone();
        group.add(subscription);
        sinks.add(sink);
        subscriptions.add(subscription);
      }
      following.countDown();
    });
    assertThat(following.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(group.size()).isEqualTo(count);

    // from another thread, as the hub offers them: the second and third come while the first is being delivered
    group.offer(List.of(item(1), item(2)));
    group.offer(List.of(item(3)));
    group.offer(List.of(item(4), item(5)));

    Await.until("every subscription has the five changes",
        () -> sinks.stream().allMatch(sink -> sink.sent().size() >= 5));
    assertThat(sinks).allSatisfy(sink -> assertThat(sink.sent()).containsExactly(1L, 2L, 3L, 4L, 5L));

    CountDownLatch closed = new CountDownLatch(1);
    loop.runOnContext(v -> {
      subscriptions.get(0).close("client left");
      closed.countDown();
    });
    assertThat(closed.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(group.size()).isEqualTo(count - 1);
    group.offer(List.of(item(6)));
    Await.until("the others have the sixth change", () -> sinks.stream().skip(1).allMatch(s -> s.sent().size() == 6));
    assertThat(sinks.get(0).sent()).containsExactly(1L, 2L, 3L, 4L, 5L);
  }
}
