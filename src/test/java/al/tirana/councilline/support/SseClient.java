package al.tirana.councilline.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** A minimal Server-Sent Events client for tests: records every event with the time it arrived. */
public final class SseClient implements AutoCloseable {

  public record Event(long id, String type, JsonObject data, Instant receivedAt) {
  }

  private final HttpClient client;
  private final boolean ownsClient;
  private final List<Event> events = new CopyOnWriteArrayList<>();
  private final List<Instant> heartbeats = new CopyOnWriteArrayList<>();
  private final StringBuilder pending = new StringBuilder();
  private HttpClientResponse response;

  private SseClient(HttpClient client, boolean ownsClient) {
    this.client = client;
    this.ownsClient = ownsClient;
  }

  /** Connects and returns once the response headers arrived; the status tells whether the stream was accepted. */
  public static SseClient connect(Vertx vertx, int port, String path, String token, Long lastEventId) {
    return connect(vertx.createHttpClient(), true, port, path, token, lastEventId);
  }

  /** A stream on a client shared with other streams (over HTTP/2, on one connection); closing it resets the stream. */
  public static SseClient on(HttpClient shared, int port, String path) {
    return connect(shared, false, port, path, null, null);
  }

  private static SseClient connect(HttpClient client, boolean ownsClient, int port, String path, String token,
                                   Long lastEventId) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("localhost").setPort(port)
        .setURI(path).addHeader("Accept", "text/event-stream");
    if (token != null) {
      options.addHeader("Authorization", "Bearer " + token);
    }
    if (lastEventId != null) {
      options.addHeader("Last-Event-ID", String.valueOf(lastEventId));
    }
    SseClient sse = new SseClient(client, ownsClient);
    sse.response = client.request(options).compose(req -> req.send()).map(response -> {
      // only a stream has items to read: a refusal (401, 503) can arrive whole, its end included, before this runs,
      // and a handler cannot be set on a response that has ended
      if (response.statusCode() == 200) {
        response.handler(buffer -> sse.feed(buffer.toString()));
      }
      return response;
    }).await();
    return sse;
  }

  public HttpClientResponse response() {
    return response;
  }

  public int status() {
    return response.statusCode();
  }

  private synchronized void feed(String chunk) {
    pending.append(chunk);
    int end;
    while ((end = pending.indexOf("\n\n")) >= 0) {
      String block = pending.substring(0, end);
      pending.delete(0, end + 2);
      Long id = null;
      String type = "message";
      StringBuilder data = new StringBuilder();
      for (String line : block.split("\n")) {
        if (line.startsWith("id: ")) {
          id = Long.parseLong(line.substring(4));
        } else if (line.startsWith("event: ")) {
          type = line.substring(7);
        } else if (line.startsWith("data: ")) {
          data.append(line.substring(6));
        }
      }
      if (id != null) {
        events.add(new Event(id, type, new JsonObject(data.toString()), Instant.now()));
      } else if (block.startsWith(": heartbeat")) {
        heartbeats.add(Instant.now());
      }
    }
  }

  /** When each {@code : heartbeat} comment arrived. */
  public List<Instant> heartbeats() {
    return List.copyOf(heartbeats);
  }

  public List<Event> events() {
    return List.copyOf(events);
  }

  /** Waits until an event matches, failing the test after the timeout. */
  public Event await(Predicate<Event> match, Duration timeout) throws Exception {
    try {
      return Await.value("a matching event", timeout, () -> events.stream().filter(match).findFirst());
    } catch (AssertionError none) {
      throw new AssertionError(none.getMessage() + "; got " + events, none);
    }
  }

  @Override
  public void close() {
    if (ownsClient) {
      client.close().await();
    } else {
      response.request().reset().await();
    }
  }
}
