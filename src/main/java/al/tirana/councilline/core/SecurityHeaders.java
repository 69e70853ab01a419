package al.tirana.councilline.core;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SecurityPolicyHandler;

/** Browser hardening headers on every response. */
public final class SecurityHeaders implements SecurityPolicyHandler {

  @Override
  public void handle(RoutingContext ctx) {
    ctx.response()
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("Content-Security-Policy",
            "default-src 'self'; img-src 'self' https: data:; frame-ancestors 'none'");
    ctx.next();
  }
}
