package al.tirana.councilline.platform.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Closes a connection that holds an open file without being served: one whose request (headers or body) has not
 * fully arrived within the timeout of the previous request's headers, or that stays idle that long after its last
 * answer. The idle timeout alone does not do it: a client that sends one byte every few seconds is never idle.
 * Connections that are being answered, however long (a live stream, a slow query, an upgraded WebSocket), are left
 * alone; the live streams' heartbeats keep them clear of the idle timeout.
 *
 * <p>Vert.x gives no event for the first byte of a request, so the deadline runs from the last request whose headers
 * arrived: when it passes, every request the connection carried must have been fully received and either be still
 * being answered (then the check comes again later) or be answered (then the connection is idle or receiving the
 * next request too slowly, and is closed). With cleartext HTTP/2 enabled, Vert.x 5.0 creates an HTTP/1.x connection
 * (and calls the connection handler) only once its first request's headers have arrived, to see whether they ask for
 * an upgrade; until then only the idle timeout guards it, and the header size limits bound how long a client that
 * dribbles those first headers can keep it.
 *
 * <p>One instance per HTTP verticle: its handlers run on that verticle's event loop only.
 */
final class RequestDeadline {

  private final Vertx vertx;
  private final long timeoutMs;
  private final Map<HttpConnection, Watch> watches = new HashMap<>();

  RequestDeadline(Vertx vertx, int timeoutSeconds) {
    this.vertx = vertx;
    this.timeoutMs = timeoutSeconds * 1000L;
  }

  /** Installs the connection handler and wraps the request handler. */
  HttpServer install(HttpServer server, Handler<HttpServerRequest> requests) {
    return server.connectionHandler(this::opened).requestHandler(request -> {
      Watch watch = watches.get(request.connection());
      if (watch != null) {
        watch.arrived(request);
      }
      requests.handle(request);
    });
  }

  /** How many connections are watched now; call it on the verticle's event loop. */
  int watched() {
    return watches.size();
  }

  private void opened(HttpConnection connection) {
    // the server's one connection handler: it is also where an HTTP/2 connection gets its flushes coalesced
    Http2Flushes.coalesce(connection);
    Watch watch = new Watch(connection);
    watches.put(connection, watch);
    connection.closeHandler(v -> {
      watches.remove(connection);
      vertx.cancelTimer(watch.timer);
    });
    watch.schedule(timeoutMs);
  }

  private final class Watch {
    private final HttpConnection connection;
    private final ArrayDeque<HttpServerRequest> requests = new ArrayDeque<>();
    private long lastArrival = System.nanoTime();
    private long timer;

    Watch(HttpConnection connection) {
      this.connection = connection;
    }

    void arrived(HttpServerRequest request) {
      if (isUpgrade(request)) {
        // a WebSocket from now on, guarded by the idle timeout and its pings (or, should its handshake be refused,
        // by the idle timeout alone). Watching it on would keep its connection, request and socket reachable until
        // the timer next fired, long after a WebSocket closed: thousands of closed WebSockets filled a node's heap
        watches.remove(connection);
        vertx.cancelTimer(timer);
        return;
      }
      lastArrival = System.nanoTime();
      while (!requests.isEmpty() && answered(requests.peekFirst())) {
        requests.pollFirst();
      }
      requests.addLast(request);
    }

    void schedule(long delayMs) {
      timer = vertx.setTimer(Math.max(1, delayMs), id -> check());
    }

    private void check() {
      long sinceArrival = (System.nanoTime() - lastArrival) / 1_000_000;
      if (sinceArrival < timeoutMs) {
        schedule(timeoutMs - sinceArrival);
        return;
      }
      requests.removeIf(Watch::answered);
      boolean receiving = requests.stream().anyMatch(request -> !request.isEnded());
      if (requests.isEmpty() || receiving) {
        connection.close();
        return;
      }
      schedule(timeoutMs);
    }

    private static boolean answered(HttpServerRequest request) {
      return request.response().ended() || request.response().closed();
    }

    private static boolean isUpgrade(HttpServerRequest request) {
      return "websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
    }
  }
}
