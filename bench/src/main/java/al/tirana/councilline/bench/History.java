package al.tirana.councilline.bench;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * P5: requests are given a history of a set length through the real API (acknowledged, assigned, then internal
 * notes), and an auditor reconstructs them as of now, which reads and folds every event of the request.
 */
final class History {

  private History() {
  }

  /** Brings each request from its two submission events to {@code events} events. */
  static void extend(WebClient client, String staff, String commission, List<String> numbers, int events) {
    for (String number : numbers) {
      expect(client.post("/api/requests/" + number + "/acknowledge").bearerTokenAuthentication(staff)
          .sendJson(new JsonObject()).await(), number);
      expect(client.post("/api/requests/" + number + "/assign").bearerTokenAuthentication(staff)
          .sendJson(new JsonObject().put("commissionId", commission)).await(), number);
      for (int i = 4; i < events; i++) {
        expect(client.post("/api/requests/" + number + "/notes").bearerTokenAuthentication(staff)
            .sendJson(new JsonObject().put("text", "Discussed in the commission, step " + i)).await(), number);
      }
    }
  }

  /** {@code calls} as-of reconstructions spread over the given requests. */
  static Histogram asOf(WebClient client, String auditor, List<String> numbers, int calls) {
    Histogram histogram = new Histogram(60_000_000_000L, 3);
    for (int i = 0; i < calls; i++) {
      String number = numbers.get(i % numbers.size());
      long start = System.nanoTime();
      HttpResponse<Buffer> response = client.get("/api/audit/requests/" + number).bearerTokenAuthentication(auditor)
          .send().await();
      long took = System.nanoTime() - start;
      expect(response, number);
      histogram.recordValue(took);
    }
    return histogram;
  }

  private static void expect(HttpResponse<Buffer> response, String number) {
    if (response.statusCode() >= 300) {
      throw new IllegalStateException("Request " + number + ": " + response.statusCode() + " "
          + response.bodyAsString());
    }
  }
}
