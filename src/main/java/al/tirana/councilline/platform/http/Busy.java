package al.tirana.councilline.platform.http;

import io.vertx.core.json.JsonObject;

/**
 * 503 for a node that is up but has no room for this request now (it holds as many live subscribers as it may):
 * the client tries again after {@code Retry-After}, here or, behind a load balancer, on another node.
 */
public final class Busy extends ApiException {

  private final int retryAfterSeconds;

  public Busy(String code, String message, int retryAfterSeconds, JsonObject details) {
    super(503, code, message, details.put("retryAfterSeconds", retryAfterSeconds));
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
