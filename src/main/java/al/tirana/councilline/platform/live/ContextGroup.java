package al.tirana.councilline.platform.live;

import io.vertx.core.Context;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stream's subscriptions that run on one event loop. The hub hands a batch of changes to the group with one task
 * on that loop, which delivers them to every subscription in turn: one task per loop rather than one per client,
 * and all the streams of an HTTP/2 connection (which share its loop) are written within the same task.
 */
final class ContextGroup {

  /** The loop's own context: a client's context is a duplicate of it, and both run their tasks in one queue. */
  final Context context;
  private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();

  ContextGroup(Context context) {
    this.context = context;
  }

  void add(Subscription subscription) {
    subscriptions.add(subscription);
  }

  void remove(Subscription subscription) {
    subscriptions.remove(subscription);
  }

  boolean isEmpty() {
    return subscriptions.isEmpty();
  }

  int size() {
    return subscriptions.size();
  }

  Set<Subscription> subscriptions() {
    return subscriptions;
  }

  /** Runs on {@link #context}: each subscription gets the batch in order (its own filter and position apply). */
  void deliver(List<LiveStream.Item> items) {
    for (Subscription subscription : subscriptions) {
      for (int i = 0; i < items.size() && !subscription.isClosed(); i++) {
        subscription.deliver(items.get(i));
      }
    }
  }

  /** Runs on {@link #context}. */
  void heartbeat() {
    for (Subscription subscription : subscriptions) {
      subscription.heartbeat();
    }
  }

  /** Runs on {@link #context}. */
  void close(String reason) {
    for (Subscription subscription : subscriptions) {
      subscription.close(reason);
    }
  }
}
