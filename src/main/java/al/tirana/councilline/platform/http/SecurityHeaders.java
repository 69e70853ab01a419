package al.tirana.councilline.platform.http;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SecurityPolicyHandler;

/**
 * Browser hardening on every response, and strict CORS: only the origins in CORS_ALLOWED_ORIGINS may call the API
 * from a browser (none by default: the front end is served by the API itself). HSTS is sent when the request came
 * over TLS, directly or through a proxy that says so.
 */
public final class SecurityHeaders implements SecurityPolicyHandler {

  private final java.util.Set<String> allowedOrigins;

  public SecurityHeaders(String allowedOrigins) {
    this.allowedOrigins = java.util.Arrays.stream(allowedOrigins.split(",")).map(String::trim)
        .filter(o -> !o.isEmpty()).collect(java.util.stream.Collectors.toSet());
  }

  @Override
  public void handle(RoutingContext ctx) {
    String origin = ctx.request().getHeader("Origin");
    if (origin != null && allowedOrigins.contains(origin)) {
      ctx.response().putHeader("Access-Control-Allow-Origin", origin).putHeader("Vary", "Origin")
          .putHeader("Access-Control-Allow-Headers", 
              "Authorization, Content-Type, X-Access-Code, Last-Event-ID, Idempotency-Key")
          .putHeader("Access-Control-Expose-Headers", "Idempotent-Replayed")
          .putHeader("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE");
      if (ctx.request().method() == io.vertx.core.http.HttpMethod.OPTIONS) {
        ctx.response().setStatusCode(204).end();
        return;
      }
    }
    if (ctx.request().isSSL() || "https".equalsIgnoreCase(ctx.request().getHeader("X-Forwarded-Proto"))) {
      ctx.response().putHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    }
    ctx.response()
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("Content-Security-Policy",
            "default-src 'self'; img-src 'self' https: data:; frame-ancestors 'none'");
    ctx.next();
  }
}
