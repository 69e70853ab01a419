package al.tirana.councilline.platform.live;

import io.vertx.core.Context;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A stream's subscriptions that run on one event loop, kept by the connection that carries them. The hub hands
 * each read's changes to the group, which delivers them on its loop connection by connection: all the streams of
 * an HTTP/2 connection are written within one task (so the connection flushes once, see the HTTP server), and a
 * task ends after some {@link #CHUNK} subscriptions, letting the loop send what it wrote and serve its other work
 * before the next part. Batches are delivered whole and in order: a later batch waits for the one being delivered.
 */
final class ContextGroup {

  /** Subscriptions served by one task (whole connections: a task never splits one). */
  static final int CHUNK = 500;

  /** The loop's own context: a client's context is a duplicate of it, and both run their tasks in one queue. */
  final Context context;
  private final Map<Object, Set<Subscription>> byConnection = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<List<LiveStream.Item>> pending = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean draining = new AtomicBoolean();
  /** The batch being delivered and the connections still to serve; touched on {@link #context} only. */
  private List<LiveStream.Item> current;
  private Iterator<Set<Subscription>> cursor;

  ContextGroup(Context context) {
    this.context = context;
  }

  /** Any thread. */
  void add(Subscription subscription) {
    byConnection.compute(subscription.connection(), (connection, set) -> {
      Set<Subscription> subscriptions = set == null ? ConcurrentHashMap.newKeySet() : set;
      subscriptions.add(subscription);
      return subscriptions;
    });
  }

  /** Any thread; a connection without subscriptions is forgotten. */
  void remove(Subscription subscription) {
    byConnection.computeIfPresent(subscription.connection(), (connection, set) -> {
      set.remove(subscription);
      return set.isEmpty() ? null : set;
    });
  }

  boolean isEmpty() {
    return byConnection.isEmpty();
  }

  int size() {
    return byConnection.values().stream().mapToInt(Set::size).sum();
  }

  Iterable<Subscription> subscriptions() {
    return () -> byConnection.values().stream().flatMap(Set::stream).iterator();
  }

  /** The hub's context: queues a read's changes (in order) and starts delivering them unless already under way. */
  void offer(List<LiveStream.Item> items) {
    pending.add(items);
    if (draining.compareAndSet(false, true)) {
      context.runOnContext(v -> drain());
    }
  }

  /** Runs on {@link #context}: delivers up to about {@link #CHUNK} subscriptions' worth, then yields the loop. */
  private void drain() {
    int served = 0;
    while (served < CHUNK) {
      if (current == null) {
        current = pending.poll();
        if (current == null) {
          draining.set(false);
          // an offer that came between the poll and the reset found draining set and posted nothing: take it now
          if (pending.isEmpty() || !draining.compareAndSet(false, true)) {
            return;
          }
          continue;
        }
        cursor = byConnection.values().iterator();
      }
      while (served < CHUNK && cursor.hasNext()) {
        for (Subscription subscription : cursor.next()) {
          for (int i = 0; i < current.size() && !subscription.isClosed(); i++) {
            subscription.deliver(current.get(i));
          }
          served++;
        }
      }
      if (!cursor.hasNext()) {
        current = null;
        cursor = null;
      }
    }
    context.runOnContext(v -> drain());
  }

  /** Runs on {@link #context}. */
  void heartbeat() {
    subscriptions().forEach(Subscription::heartbeat);
  }

  /** Runs on {@link #context}. */
  void close(String reason) {
    subscriptions().forEach(subscription -> subscription.close(reason));
  }
}
