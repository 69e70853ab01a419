package al.tirana.councilline.platform.live;

import io.vertx.core.Context;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Predicate;

/**
 * One client's interest in one stream. It first replays what the client missed from the read model, buffering
 * live changes meanwhile, then follows live; positions already sent are never sent again. Everything runs on the
 * client connection's context.
 */
public final class Subscription {

  /** A client that falls this far behind is disconnected; it resumes later from its last id. */
  static final int MAX_PENDING = 1_000;
  public static final String TOO_FAR_BEHIND = "too far behind";

  /** Where a subscription's items go: an SSE response or a WebSocket. */
  public interface Sink {
    /** False when the connection cannot take more right now. */
    boolean send(LiveStream.Item item);

    void heartbeat();

    void close(String reason);

    /**
     * What carries the items (an HTTP connection, a WebSocket): the hub writes the subscriptions of one connection
     * together, so an HTTP/2 connection's streams are sent with one flush. By default the sink's own.
     */
    default Object connection() {
      return this;
    }

    /** How the items travel, for the metrics: "sse" or "websocket". */
    default String transport() {
      return "sse";
    }
  }

  String transport() {
    return sink.transport();
  }

  Object connection() {
    return sink.connection();
  }

  final LiveStream stream;
  final Predicate<LiveStream.Item> filter;
  final Context context;
  private final Sink sink;
  /** Live items held back during the replay; made only if one arrives then (most clients follow from now). */
  private ArrayDeque<LiveStream.Item> buffered;
  private Runnable onClose = () -> { };
  private boolean replaying = true;
  private boolean closed;
  private long lastSent;

  Subscription(LiveStream stream, Predicate<LiveStream.Item> filter, Context context, Sink sink, long since) {
    this.stream = stream;
    this.filter = filter;
    this.context = context;
    this.sink = sink;
    this.lastSent = since;
  }

  /** Where the replay starts when the client gave no position: the newest change at subscription time. */
  void startingAfter(long position) {
    lastSent = position;
  }

  /** One page of missed items, in order; runs on the context. */
  void replayPage(List<LiveStream.Item> items) {
    items.forEach(this::emit);
  }

  /** The replay reached the end of the change log: release what arrived live meanwhile; runs on the context. */
  void replayDone() {
    replaying = false;
    while (buffered != null && !buffered.isEmpty() && !closed) {
      emit(buffered.poll());
    }
    buffered = null;
  }

  /** A live change; runs on the context. */
  void deliver(LiveStream.Item item) {
    if (closed || !filter.test(item)) {
      return;
    }
    if (replaying) {
      if (buffered == null) {
        buffered = new ArrayDeque<>();
      }
      if (buffered.size() >= MAX_PENDING) {
        close(TOO_FAR_BEHIND);
        return;
      }
      buffered.add(item);
      return;
    }
    emit(item);
  }

  private void emit(LiveStream.Item item) {
    if (closed || item.position() <= lastSent) {
      return;
    }
    lastSent = item.position();
    if (!sink.send(item)) {
      close(TOO_FAR_BEHIND);
    }
  }

  void heartbeat() {
    if (!closed) {
      sink.heartbeat();
    }
  }

  public void close(String reason) {
    if (!closed) {
      closed = true;
      buffered = null;
      onClose.run();
      sink.close(reason);
    }
  }

  /** Lets the hub forget the subscription as soon as it closes, so nothing keeps a dead connection alive. */
  void onClose(Runnable action) {
    this.onClose = action;
  }

  boolean isClosed() {
    return closed;
  }
}
