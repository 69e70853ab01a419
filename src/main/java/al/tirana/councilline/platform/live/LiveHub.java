package al.tirana.councilline.platform.live;

import al.tirana.councilline.platform.http.Busy;
import al.tirana.councilline.platform.http.DatabaseUnavailable;
import al.tirana.councilline.platform.db.OutageLog;
import al.tirana.councilline.platform.sql.Sql;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans committed read-model changes out to this node's live clients. Projections NOTIFY the stream's name in their
 * transaction (so only after commit, on every node); the hub then reads the change log after its last position and
 * hands each change to the interested subscriptions. A slow poll covers a lost notification or a reconnect of the
 * listening connection: the read model, not the notification, is the source of what clients get.
 */
public final class LiveHub extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(LiveHub.class);
  private static final int BATCH = 500;
  private static final long POLL_MS = 1_000;
  private static final long HEARTBEAT_MS = 15_000;
  private static final int START_ATTEMPTS = 6;
  /**
   * A subscriber with a connection of its own (SSE over HTTP/1.1, a WebSocket) holds that connection's channel,
   * pipeline and buffers besides its stream, up to about twice what an SSE stream over a shared HTTP/2 connection
   * holds, so it takes two places: the limit then bounds the heap whichever way the subscribers come.
   */
  static final int OWN_CONNECTION_WEIGHT = 2;
  /** A client refused for want of room tries again after this; by then others have left, or it goes elsewhere. */
  public static final int RETRY_AFTER_SECONDS = 15;

  private final Pool pool;
  private final PgConnectOptions connectOptions;
  private final Map<LiveStream, Long> last = new EnumMap<>(LiveStream.class);
  /** Per stream, its subscriptions grouped by the event loop that runs them (see {@link ContextGroup}). */
  private final Map<LiveStream, Map<Context, ContextGroup>> groups = new EnumMap<>(LiveStream.class);
  private final Set<LiveStream> reading = EnumSet.noneOf(LiveStream.class);
  private final Set<LiveStream> readAgain = EnumSet.noneOf(LiveStream.class);
  private final OutageLog readFailures = new OutageLog(LOG, "Reading the live change logs");
  private final AtomicInteger admitted = new AtomicInteger();
  private final int maxSubscribers;
  private PgSubscriber listener;

  /** @param maxSubscribers places for live subscribers (LIVE_MAX_SUBSCRIBERS); one with a connection of its own takes two */
  public LiveHub(Pool pool, PgConnectOptions connectOptions, int maxSubscribers) {
    this.pool = pool;
    this.connectOptions = connectOptions;
    this.maxSubscribers = maxSubscribers;
    for (LiveStream stream : LiveStream.values()) {
      groups.put(stream, new ConcurrentHashMap<>());
    }
  }

  @Override
  public Future<?> start() {
    List<Future<?>> positions = new ArrayList<>();
    for (LiveStream stream : LiveStream.values()) {
      positions.add(startPosition(stream, START_ATTEMPTS).onSuccess(max -> last.put(stream, max)));
    }
    return Future.all(positions).compose(v -> {
      listener = PgSubscriber.subscriber(vertx, connectOptions).reconnectPolicy(retries -> 1_000L);
      listener.channel(Sql.LIVE_CHANNEL)
          .handler(this::hint)
          .subscribeHandler(subscribed -> context.runOnContext(x -> catchUpAll()));
      vertx.setPeriodic(POLL_MS, id -> catchUpAll());
      vertx.setPeriodic(HEARTBEAT_MS, id -> heartbeat());
      return listener.connect();
    });
  }

  @Override
  public Future<?> stop() {
    eachGroup(group -> group.context.runOnContext(v -> group.close("server stopping")));
    return listener == null ? Future.succeededFuture() : listener.close();
  }

  /**
   * Takes a place for a live subscriber (two when it has a connection of its own), before it gets an answer, or
   * refuses it with 503: a node never takes more subscribers than its heap holds, whatever connects. Any event loop
   * may call it.
   */
  public Admission admit(boolean ownConnection) {
    int weight = ownConnection ? OWN_CONNECTION_WEIGHT : 1;
    if (admitted.addAndGet(weight) > maxSubscribers) {
      admitted.addAndGet(-weight);
      throw new Busy("TOO_MANY_SUBSCRIBERS", "This node holds as many live subscribers as it can; try again later",
          RETRY_AFTER_SECONDS, new JsonObject().put("maxSubscribers", maxSubscribers));
    }
    return new Admission(admitted, weight);
  }

  /** Places taken by live subscribers now (one with a connection of its own takes two), for the metrics. */
  public int admittedPlaces() {
    return admitted.get();
  }

  public int maxSubscribers() {
    return maxSubscribers;
  }

  /**
   * Subscribes a client on the calling (connection) context. {@code since} null means "from now on". The replay
   * condition narrows the change log to what the filter accepts, with its parameters numbered from $2.
   */
  public Subscription subscribe(LiveStream stream, Long since, Predicate<LiveStream.Item> filter,
                                String replayCondition, List<Object> replayParams, Subscription.Sink sink) {
    Context connection = vertx.getOrCreateContext();
    Subscription subscription = new Subscription(stream, filter, connection, sink, since == null ? 0 : since);
    ContextGroup group = group(stream, connection);
    if (since == null) {
      followFromNow(subscription, group);
      return subscription;
    }
    subscription.onClose(() -> group.remove(subscription));
    group.add(subscription);
    replay(subscription, replayCondition, replayParams, since);
    return subscription;
  }

  /**
   * A client with nothing to resume starts after the last change this hub has dispatched, which it knows without
   * reading the change log: registering on the hub's context means every later dispatch includes it, and the
   * connection context takes the start before any of those deliveries (both post to it in order). A reading per
   * client, a head and a replay, had made 20,000 clients connecting at once queue 40,000 queries on the pool, so
   * the next item reached the last of them seconds late. (A client resuming from a position still reads its
   * backlog, once, as it must.)
   */
  private void followFromNow(Subscription subscription, ContextGroup group) {
    context.runOnContext(v -> {
      long start = last.getOrDefault(subscription.stream, 0L);
      group.add(subscription);
      subscription.context.runOnContext(x -> {
        subscription.onClose(() -> group.remove(subscription));
        if (subscription.isClosed()) {
          group.remove(subscription);
          return;
        }
        subscription.startingAfter(start);
        subscription.replayDone();
      });
    });
  }

  /**
   * The group of the stream's subscriptions on the connection's event loop. A request runs on a duplicate of its
   * loop's context (one per request), so the group is that of the context it duplicates: there are as many groups
   * as loops, not as clients.
   */
  private ContextGroup group(LiveStream stream, Context connection) {
    Context loop = ((ContextInternal) connection).unwrap();
    return groups.get(stream).computeIfAbsent(loop, ContextGroup::new);
  }

  private void eachGroup(Consumer<ContextGroup> action) {
    groups.values().forEach(byContext -> byContext.values().forEach(action));
  }

  /** Pages through the change log after {@code after}; a backlog of any size is replayed without a hole. */
  private void replay(Subscription subscription, String condition, List<Object> conditionParams, long after) {
    List<Object> params = new ArrayList<>();
    params.add(after);
    params.addAll(conditionParams);
    pool.preparedQuery(subscription.stream.after(condition, BATCH)).execute(Tuple.from(params))
        .onFailure(err -> subscription.close("could not replay: " + err.getMessage()))
        .onSuccess(rows -> {
          List<LiveStream.Item> items = new ArrayList<>();
          for (Row row : rows) {
            items.add(LiveStream.Item.of(subscription.stream, row));
          }
          subscription.replayPage(items);
          if (items.size() == BATCH && !subscription.isClosed()) {
            replay(subscription, condition, conditionParams, items.get(items.size() - 1).position());
          } else {
            subscription.replayDone();
          }
        });
  }

  /** Subscribers on this node, per stream (its channel name) and transport, for the metrics. */
  public Map<String, Map<String, Long>> subscribersByTransport() {
    Map<String, Map<String, Long>> counts = new java.util.TreeMap<>();
    groups.forEach((stream, byContext) -> {
      Map<String, Long> byTransport = new java.util.TreeMap<>(Map.of("sse", 0L, "websocket", 0L));
      byContext.values().forEach(group -> group.subscriptions()
          .forEach(subscription -> byTransport.merge(subscription.transport(), 1L, Long::sum)));
      counts.put(stream.channelName(), byTransport);
    });
    return counts;
  }

  public int subscriberCount() {
    return groups.values().stream().flatMap(byContext -> byContext.values().stream())
        .mapToInt(ContextGroup::size).sum();
  }

  private void hint(String payload) {
    // nodes of the previous version, during a rolling upgrade, send "stream:position"
    int colon = payload.indexOf(':');
    LiveStream stream = LiveStream.byChannelName(colon < 0 ? payload : payload.substring(0, colon));
    if (stream == null) {
      LOG.warn("Ignoring an unknown live notification '{}'", payload);
      return;
    }
    context.runOnContext(v -> catchUp(stream));
  }

  private void catchUpAll() {
    for (LiveStream stream : LiveStream.values()) {
      catchUp(stream);
    }
  }

  /** Reads the change log after the last dispatched position; one read per stream at a time. */
  private void catchUp(LiveStream stream) {
    if (reading.contains(stream)) {
      readAgain.add(stream);
      return;
    }
    reading.add(stream);
    long after = last.getOrDefault(stream, 0L);
    pool.preparedQuery(stream.after(null, BATCH)).execute(Tuple.of(after)).onComplete(result -> {
      reading.remove(stream);
      if (result.failed()) {
        // during a database outage every poll fails (each within DB_TIMEOUT); clients keep their heartbeats and
        // the first read that works again resumes after the last dispatched position, so nothing is lost
        readFailures.failed(result.cause());
        return;
      }
      readFailures.succeeded();
      List<LiveStream.Item> items = new ArrayList<>(result.result().size());
      for (Row row : result.result()) {
        items.add(LiveStream.Item.of(stream, row));
      }
      dispatch(stream, items);
      if (items.size() == BATCH || readAgain.remove(stream)) {
        catchUp(stream);
      }
    });
  }

  /**
   * Hands a read's changes, in order, to each event loop that runs subscriptions of the stream: one task per loop
   * for the whole batch, whatever the number of clients (a task per client had made 50,000 tasks per change).
   */
  private void dispatch(LiveStream stream, List<LiveStream.Item> items) {
    if (items.isEmpty()) {
      return;
    }
    last.put(stream, items.get(items.size() - 1).position());
    for (ContextGroup group : groups.get(stream).values()) {
      if (!group.isEmpty()) {
        group.offer(items);
      }
    }
  }

  private void heartbeat() {
    eachGroup(group -> {
      if (!group.isEmpty()) {
        group.context.runOnContext(v -> group.heartbeat());
      }
    });
  }

  /**
   * Where the change log ends when the node starts. Each query gives up after DB_TIMEOUT, which is for answering
   * clients; a node that is still starting, on a busy machine or a database that is slow to come up, waits a few
   * rounds longer rather than failing its start.
   */
  private Future<Long> startPosition(LiveStream stream, int attempts) {
    return maxPosition(stream).recover(err -> attempts > 1 && DatabaseUnavailable.causedBy(err)
        ? startPosition(stream, attempts - 1) : Future.failedFuture(err));
  }

  private Future<Long> maxPosition(LiveStream stream) {
    return pool.query(stream.maxPosition()).execute().map(rows -> rows.iterator().next().getLong(0));
  }
}
