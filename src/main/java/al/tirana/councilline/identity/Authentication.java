package al.tirana.councilline.identity;

import al.tirana.councilline.platform.http.ApiException;
import al.tirana.councilline.platform.http.DatabaseUnavailable;
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
  private final io.vertx.sqlclient.Pool pool;
  private final ExternalIdentity external;

  public Authentication(JWTAuth jwt, io.vertx.sqlclient.Pool pool, ExternalIdentity external) {
    this.jwt = jwt;
    this.pool = pool;
    this.external = external;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    // Browsers' EventSource cannot send headers, so live streams also take the token as ?access_token=
    String queryToken = ctx.request().getParam("access_token");
    if (header == null && queryToken == null) {
      ctx.next();
      return;
    }
    if (header != null && !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      ctx.fail(ApiException.unauthorized("Use 'Authorization: Bearer <token>'"));
      return;
    }
    String token = header != null ? header.substring(7).trim() : queryToken;
    authenticate(token)
        .onSuccess(user -> {
          ctx.put(USER, user);
          ctx.next();
        })
        // a token that could not be checked because the database or the identity provider is away is not an
        // invalid token
        .onFailure(err -> ctx.fail(err instanceof ApiException || DatabaseUnavailable.causedBy(err) ? err
            : ApiException.unauthorized("The token is invalid or expired")));
  }

  /** A valid signature, issuer and expiry (required), and a jti that was not revoked by a logout. */
  public io.vertx.core.Future<io.vertx.ext.auth.User> authenticate(String token) {
    if (external != null && external.claims(token)) {
      return external.authenticate(token);
    }
    return jwt.authenticate(new TokenCredentials(token)).compose(user -> {
      String jti = user.principal().getString("jti");
      if (jti == null) {
        return io.vertx.core.Future.failedFuture("token without jti");
      }
      // the signature checks an expiry only when there is one: a token without exp would be valid for ever
      // (Vert.x keeps exp among the user's attributes, not in its principal)
      if (!(user.attributes().getValue("exp") instanceof Number)) {
        return io.vertx.core.Future.failedFuture("token without exp");
      }
      // a logout revokes one token; a deactivation every token of the account issued before it, for good
      long issuedAtMillis = user.principal().getLong(Accounts.ISSUED_AT_MILLIS,
          user.principal().getLong("iat", 0L) * 1000);
      return pool.preparedQuery("SELECT EXISTS (SELECT 1 FROM revoked_token WHERE jti = $1) "
              + "OR NOT EXISTS (SELECT 1 FROM user_account WHERE username = $2 AND active "
              + "AND (sessions_valid_after IS NULL OR sessions_valid_after <= to_timestamp($3 / 1000.0)))")
          .execute(io.vertx.sqlclient.Tuple.of(jti, user.principal().getString("sub"), issuedAtMillis))
          .compose(rows -> rows.iterator().next().getBoolean(0) ? io.vertx.core.Future.failedFuture("revoked")
              : io.vertx.core.Future.succeededFuture(user));
    });
  }
}
