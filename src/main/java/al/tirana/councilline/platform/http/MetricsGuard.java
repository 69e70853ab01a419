package al.tirana.councilline.platform.http;

import al.tirana.councilline.platform.http.ApiException;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * {@code /metrics} takes the scraper's own bearer token ({@code METRICS_TOKEN}), not an account's: it is checked here
 * and then taken off the request, so that the accounts' authentication, which runs next, does not refuse it as an
 * invalid account token (it is an authentication handler so that the router places it among them, after the
 * body handler). Without METRICS_TOKEN the endpoint is open (for a node only the scraper can reach).
 */
public final class MetricsGuard implements AuthenticationHandler {

  public static final String PATH = "/metrics";

  private final byte[] expected;

  public MetricsGuard(Optional<String> token) {
    this.expected = token.map(t -> ("Bearer " + t).getBytes(StandardCharsets.UTF_8)).orElse(null);
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (expected == null || !PATH.equals(ctx.request().path())) {
      ctx.next();
      return;
    }
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !MessageDigest.isEqual(expected, header.getBytes(StandardCharsets.UTF_8))) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"metrics\"");
      ctx.fail(ApiException.unauthorized("The metrics need 'Authorization: Bearer <METRICS_TOKEN>'"));
      return;
    }
    ctx.request().headers().remove("Authorization");
    ctx.next();
  }
}
