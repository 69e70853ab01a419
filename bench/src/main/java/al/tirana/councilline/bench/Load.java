package al.tirana.councilline.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/** Citizen submissions over HTTP: back to back from a fixed number of clients (P1), or at a fixed rate (P2). */
final class Load {

  private Load() {
  }

  /** What a run achieved; latency from sending the request to its 201 response. */
  record Result(int concurrency, double perSecond, Histogram latency, long refused) {
  }

  static JsonObject submission(String commission) {
    return new JsonObject().put("kind", "REQUEST").put("priority", "NORMAL").put("category", "YOUTH")
        .put("addressee", new JsonObject().put("type", "COMMISSION").put("id", commission))
        .put("subject", "Street lights").put("body", "The street lights on our street have been broken for a week.")
        .put("citizen", new JsonObject().put("firstName", "Benchmark").put("lastName", "Citizen")
            .put("email", "citizen@example.al").put("phone", "+355 69 000 0000"));
  }

  /** The common case: a submission to a counselor, from a citizen who names an organisation. */
  static JsonObject toCounselor(String counselor) {
    JsonObject body = submission(counselor);
    body.getJsonObject("addressee").put("type", "COUNSELOR");
    body.getJsonObject("citizen").put("organization", "Shoqata e Banorëve të Lagjes 5");
    return body;
  }

  /** {@code concurrency} loops, each sending its next submission when the previous one is answered. */
  static Result closedLoop(Vertx vertx, WebClient client, JsonObject body, int concurrency, Duration run,
                           Consumer<String> numbers) {
    long end = System.nanoTime() + run.toNanos();
    Histogram latency = new Histogram(60_000_000_000L, 3);
    AtomicLong done = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    List<Future<Void>> loops = new ArrayList<>();
    for (int i = 0; i < concurrency; i++) {
      Promise<Void> finished = Promise.promise();
      vertx.runOnContext(v -> loop(client, body, end, latency, done, refused, numbers, finished));
      loops.add(finished.future());
    }
    Future.all(loops).await();
    return new Result(concurrency, done.get() / (double) run.toSeconds(), latency, refused.get());
  }

  private static void loop(WebClient client, JsonObject body, long end, Histogram latency, AtomicLong done,
                           AtomicLong refused, Consumer<String> numbers, Promise<Void> finished) {
    if (System.nanoTime() >= end) {
      finished.complete();
      return;
    }
    long start = System.nanoTime();
    client.post("/api/requests").sendJson(body).onComplete(result -> {
      if (result.succeeded() && result.result().statusCode() == 201) {
        synchronized (latency) {
          latency.recordValue(System.nanoTime() - start);
        }
        done.incrementAndGet();
        numbers.accept(result.result().bodyAsJsonObject().getString("number"));
      } else {
        refused.incrementAndGet();
      }
      loop(client, body, end, latency, done, refused, numbers, finished);
    });
  }

  /** Acknowledgement times by tracking number, from an open-loop run at a fixed rate. */
  record Paced(Map<String, Long> ackedAt, long sent, long refused, double achievedPerSecond) {
  }

  /**
   * Sends {@code perSecond} submissions for {@code run}, on schedule whatever the answers do (a 1 ms timer sends
   * whatever the schedule owes), and records when each was acknowledged. At most {@code maxInFlight} wait at once,
   * so an overloaded server shows up as a lower achieved rate instead of an unbounded queue.
   */
  static Paced paced(Vertx vertx, WebClient client, JsonObject body, int perSecond, Duration run, int maxInFlight) {
    Map<String, Long> acked = new ConcurrentHashMap<>();
    AtomicLong sent = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    AtomicInteger inFlight = new AtomicInteger();
    long total = (long) perSecond * run.toSeconds();
    long start = System.nanoTime();
    Promise<Void> finished = Promise.promise();
    vertx.runOnContext(v -> vertx.setPeriodic(1, timer -> {
      long elapsed = System.nanoTime() - start;
      long owed = Math.min(total, elapsed * perSecond / 1_000_000_000L);
      while (sent.get() < owed && inFlight.get() < maxInFlight) {
        sent.incrementAndGet();
        inFlight.incrementAndGet();
        client.post("/api/requests").sendJson(body).onComplete(result -> {
          long now = System.nanoTime();
          inFlight.decrementAndGet();
          if (result.succeeded() && result.result().statusCode() == 201) {
            acked.put(result.result().bodyAsJsonObject().getString("number"), now);
          } else {
            refused.incrementAndGet();
          }
        });
      }
      if (sent.get() >= total || elapsed > run.toNanos() * 2) {
        vertx.cancelTimer(timer);
        finished.complete();
      }
    }));
    finished.future().await();
    while (inFlight.get() > 0) {
      sleep(10);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Paced(acked, sent.get(), refused.get(), acked.size() / seconds);
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting", ex);
    }
  }
}
