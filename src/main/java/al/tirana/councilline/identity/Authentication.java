package al.tirana.councilline.identity;

import al.tirana.councilline.core.ApiException;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;

/**
 * Verifies a bearer token when one is sent. Anonymous calls pass through (many operations are public); an invalid,
 * expired or tampered token is refused outright rather than silently treated as anonymous.
 */
public final class Authentication implements AuthenticationHandler {

  /** Where the verified user is kept on the routing context (no session: every call carries its token). */
  static final String USER = "councilline.user";

  private final JWTAuth jwt;

  public Authentication(JWTAuth jwt) {
    this.jwt = jwt;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null) {
      ctx.next();
      return;
    }
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      ctx.fail(ApiException.unauthorized("Use 'Authorization: Bearer <token>'"));
      return;
    }
    jwt.authenticate(new TokenCredentials(header.substring(7).trim()))
        .onSuccess(user -> {
          ctx.put(USER, user);
          ctx.next();
        })
        .onFailure(err -> ctx.fail(ApiException.unauthorized("The token is invalid or expired")));
  }
}
