package al.tirana.councilline.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.concurrent.Callable;

/** The developer guide's rule for bad input, as the tests check it: a 4xx JSON error, and nothing stored. */
public final class Refusal {

  private Refusal() {
  }

  /**
   * Sends a request that must be refused, and checks that its answer is a JSON error of this status and code (any
   * code when {@code error} is null) with a message, and that the tables hold as many rows after it as before.
   */
  public static void assertRefused(TestApp app, Callable<HttpResponse<Buffer>> request, int status, String error,
      String... tables) throws Exception {
    var before = StoredRows.counts(app, tables);
    HttpResponse<Buffer> response = request.call();

    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).startsWith("application/json");
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getString("message")).isNotBlank();
    if (error != null) {
      assertThat(body.getString("error")).isEqualTo(error);
    } else {
      assertThat(body.getString("error")).isNotBlank();
    }
    assertThat(StoredRows.counts(app, tables)).as("rows stored").isEqualTo(before);
  }
}
