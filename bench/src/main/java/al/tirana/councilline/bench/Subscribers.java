package al.tirana.councilline.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Live-feed clients: one that timestamps every feed item (P2), and many that wait for one item (P3). */
final class Subscribers {

  private static final int CONNECT_BATCH = 500;
  /** How long a subscriber may take to get its answer (the stream's headers, the handshake) before it counts failed. */
  private static final long ATTEMPT_TIMEOUT_SECONDS = 60;

  /** SSE streams multiplexed over HTTP/2 (cleartext, prior knowledge): a connection per 100 subscribers. */
  static final String SSE_OVER_HTTP2 = "sse over HTTP/2";

  /** Streams the node lets one HTTP/2 connection carry at once (Vert.x's default server setting). */
  private static final int STREAMS_PER_CONNECTION = 100;

  private static final int CONNECTION_WINDOW = 1 << 20;

  private Subscribers() {
  }

  /** Arrival times of submissions' feed items on one SSE connection, and why it ended if it ended early. */
  record FeedListener(Map<String, Long> arrivals, AtomicReference<String> endedEarly) {
  }

  /** Follows node's public feed over one SSE connection, timestamping each submission's item by tracking number. */
  static FeedListener feedArrivals(HttpClient client, String host, int port) {
    Map<String, Long> arrivals = new ConcurrentHashMap<>();
    AtomicReference<String> ended = new AtomicReference<>();
    sse(client, host, port, frame -> {
      long now = System.nanoTime();
      int at = frame.indexOf("data: ");
      if (at >= 0 && frame.contains("event: RequestSubmitted")) {
        arrivals.putIfAbsent(new JsonObject(frame.substring(at + 6).trim()).getString("number"), now);
      }
    }).onSuccess(response -> {
      response.endHandler(v -> ended.compareAndSet(null, "the node ended the stream"));
      response.exceptionHandler(err -> ended.compareAndSet(null, err.toString()));
    }).await();
    return new FeedListener(arrivals, ended);
  }

  /** Opens one SSE feed stream and hands over every complete frame (the text between blank lines). */
  static Future<HttpClientResponse> sse(HttpClient client, String host, int port, Consumer<String> frames) {
    return client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost(host).setPort(port)
            .setURI("/api/feed/stream").putHeader("Accept", "text/event-stream"))
        .compose(request -> request.send())
        .map(response -> {
          StringBuilder pending = new StringBuilder();
          response.handler(chunk -> {
            pending.append(chunk.toString());
            int end;
            while ((end = pending.indexOf("\n\n")) >= 0) {
              frames.accept(pending.substring(0, end));
              pending.delete(0, end + 2);
            }
          });
          return response;
        });
  }

  /**
   * How one live item reached the subscribers of one node, and what holding them cost that node: of the
   * {@code subscribers} that tried, {@code connected} were admitted, {@code refused} got the node's 503 and
   * {@code failed} got no answer or another one ({@code firstFailure} says what).
   */
  record Fanout(String transport, int subscribers, int connected, int refused, int failed, String firstFailure,
                int reached, long heapBeforeBytes, long heapAfterBytes, long rssBytes, double toFirstMs,
                double toAllMs) {

    long heapPerSubscriber() {
      return (heapAfterBytes - heapBeforeBytes) / Math.max(1, connected);
    }
  }

  /** What became of the subscribers that tried to connect. */
  static final class Attempts {
    private int connected;
    private int refused;
    private int failed;
    private String firstFailure;

    /** An SSE answer: 200 is a stream, 503 the node's refusal (it has no room), anything else a failure. */
    synchronized boolean answered(int status) {
      if (status == 200) {
        connected++;
        return true;
      }
      if (status == 503) {
        refused++;
      } else {
        failed("HTTP " + status);
      }
      return false;
    }

    synchronized void connected() {
      connected++;
    }

    /** A failed connection or handshake; a handshake the node refused with 503 counts as refused. */
    synchronized void failed(Throwable cause) {
      if (cause instanceof UpgradeRejectedException rejected && rejected.getStatus() == 503) {
        refused++;
      } else {
        failed(String.valueOf(cause));
      }
    }

    private void failed(String what) {
      failed++;
      if (firstFailure == null) {
        firstFailure = what;
      }
    }

    synchronized int connectedCount() {
      return connected;
    }

    synchronized int refusedCount() {
      return refused;
    }

    synchronized int failedCount() {
      return failed;
    }

    synchronized String firstFailure() {
      return firstFailure;
    }
  }

  /**
   * Connects {@code n} subscribers to the node's public feed (SSE over HTTP/1.1 or HTTP/2, or WebSocket), measures
   * its heap after GC, then triggers one submission and times it until the last subscriber has the item. Connections
   * come from their own loopback address, so each size starts with a fresh range of client ports.
   */
  static Fanout fanout(Vertx vertx, Nodes.Child node, String transport, int n, String host,
                       Supplier<Long> triggerOneSubmission) throws IOException, InterruptedException {
    long before = node.heapAfterGcBytes();
    AtomicLongArray arrivals = new AtomicLongArray(n);
    AtomicBoolean armed = new AtomicBoolean();
    boolean http2 = SSE_OVER_HTTP2.equals(transport);
    // over HTTP/2 a connection's receive window, as browsers open it (megabytes), not Vert.x's 64 KiB default,
    // which a hundred streams' items fill and then wait on the client's window updates
    HttpClient http = http2
        ? vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(30_000)
            .setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false)
            .setHttp2ConnectionWindowSize(CONNECTION_WINDOW),
            new PoolOptions().setHttp2MaxSize((n + STREAMS_PER_CONNECTION - 1) / STREAMS_PER_CONNECTION))
        : vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(30_000),
            new PoolOptions().setHttp1MaxSize(n));
    WebSocketClient ws = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(n)
        .setConnectTimeout(30_000));
    List<Runnable> closers = Collections.synchronizedList(new ArrayList<>(n));
    Attempts attempts = new Attempts();
    try {
      for (int from = 0; from < n; from += CONNECT_BATCH) {
        node.requireAlive();
        List<Future<?>> batch = new ArrayList<>();
        for (int i = from; i < Math.min(n, from + CONNECT_BATCH); i++) {
          int index = i;
          Consumer<String> onItem = text -> {
            if (armed.get() && text.contains("RequestSubmitted")) {
              arrivals.compareAndSet(index, 0, System.nanoTime());
            }
          };
          Future<?> attempt = "websocket".equals(transport)
              ? webSocket(ws, host, node.port(), onItem).onSuccess(socket -> {
                attempts.connected();
                closers.add(socket::close);
              })
              : sse(http, host, node.port(), onItem).onSuccess(r -> {
                if (attempts.answered(r.statusCode())) {
                  closers.add(http2 ? r.request()::reset : r.request().connection()::close);
                }
              });
          // a refusal or a failure is counted, and the others go on: it is a figure, not the end of the run
          // a node that stops answering (out of heap, but still running) fails the attempt rather than hanging it
          batch.add(attempt.timeout(ATTEMPT_TIMEOUT_SECONDS, TimeUnit.SECONDS).onFailure(attempts::failed)
              .otherwiseEmpty());
        }
        Future.all(batch).await();
      }
      // each subscription registers with the hub after an asynchronous read of the feed's head
      Thread.sleep(3_000);
      long after = node.heapAfterGcBytes();
      long rss = node.residentBytes();
      armed.set(true);
      long acked = triggerOneSubmission.get();
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (reached(arrivals) < attempts.connectedCount() && System.nanoTime() < deadline && node.death() == null) {
        Thread.sleep(5);
      }
      node.requireAlive();
      long first = Long.MAX_VALUE;
      long last = 0;
      for (int i = 0; i < n; i++) {
        long at = arrivals.get(i);
        if (at != 0) {
          first = Math.min(first, at);
          last = Math.max(last, at);
        }
      }
      return new Fanout(transport, n, attempts.connectedCount(), attempts.refusedCount(), attempts.failedCount(),
          attempts.firstFailure(), reached(arrivals), before, after, rss, Math.max(0, first - acked) / 1e6,
          Math.max(0, last - acked) / 1e6);
    } finally {
      synchronized (closers) {
        closers.forEach(Runnable::run);
      }
      Thread.sleep(2_000);
      http.close().await();
      ws.close().await();
    }
  }

  private static Future<WebSocket> webSocket(WebSocketClient client, String host, int port, Consumer<String> items) {
    return client.connect(new WebSocketConnectOptions().setHost(host).setPort(port).setURI("/ws"))
        .onSuccess(socket -> {
          socket.textMessageHandler(items::accept);
          socket.writeTextMessage(new JsonObject().put("action", "subscribe").put("topic", "feed").encode());
        });
  }

  private static int reached(AtomicLongArray arrivals) {
    int count = 0;
    for (int i = 0; i < arrivals.length(); i++) {
      if (arrivals.get(i) != 0) {
        count++;
      }
    }
    return count;
  }

  /** Open files this process may still use: the bound on how many connections one node can hold here. */
  static long openFilesLeft(long pid) throws IOException {
    long limit = Files.readAllLines(Path.of("/proc/" + pid + "/limits")).stream()
        .filter(line -> line.startsWith("Max open files"))
        .map(line -> Long.parseLong(line.replaceAll("\\s+", " ").split(" ")[3]))
        .findFirst().orElse(Long.MAX_VALUE);
    try (var fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
      return limit - fds.count();
    }
  }
}
