package al.tirana.councilline.identity;

import al.tirana.councilline.shared.Role;
import al.tirana.councilline.platform.config.Config;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts tokens of an external OpenID Connect provider (OIDC_ISSUER). Its signing keys come from its JWKS
 * (OIDC_JWKS_URL, or the issuer's discovery document), are cached, refreshed every ten minutes and refetched at
 * once when a token names a key not seen yet. Roles come from a claim through a configurable mapping.
 */
public final class ExternalIdentity {

  private static final Logger LOG = LoggerFactory.getLogger(ExternalIdentity.class);
  private static final long REFRESH_MS = 10 * 60_000;

  private final Vertx vertx;
  private final WebClient web;
  private final String issuer;
  private final String jwksUrl;
  private final String roleClaim;
  private final String counselorClaim;
  private final Map<String, Role> roleMap = new HashMap<>();
  private volatile JWTAuth verifier;
  private volatile List<String> knownKeyIds = List.of();
  private volatile long fetchedAt;

  private ExternalIdentity(Vertx vertx, Config config) {
    this.vertx = vertx;
    this.web = WebClient.create(vertx);
    this.issuer = config.oidcIssuer().orElseThrow();
    this.jwksUrl = config.oidcJwksUrl().orElse(null);
    this.roleClaim = config.oidcRoleClaim();
    this.counselorClaim = config.oidcCounselorClaim();
    for (String pair : config.oidcRoleMap().split(",")) {
      String[] parts = pair.trim().split("=");
      if (parts.length == 2) {
        roleMap.put(parts[0].trim(), Role.valueOf(parts[1].trim()));
      }
    }
  }

  /** Null when no external provider is configured. */
  public static ExternalIdentity create(Vertx vertx, Config config) {
    return config.oidcIssuer().isPresent() ? new ExternalIdentity(vertx, config) : null;
  }

  /** Whether an (unverified) token claims to come from the external provider. */
  public boolean claims(String token) {
    return issuer.equals(unverifiedPayload(token).getString("iss"));
  }

  /** A user with this application's principal (sub, role, counselorId) when the token is valid and mapped. */
  public Future<User> authenticate(String token) {
    String kid = unverifiedHeader(token).getString("kid");
    boolean stale = System.currentTimeMillis() - fetchedAt > REFRESH_MS;
    boolean unknownKey = kid != null && !knownKeyIds.contains(kid);
    Future<JWTAuth> keys = verifier == null || stale || unknownKey ? fetchKeys() : Future.succeededFuture(verifier);
    return keys.compose(auth -> auth.authenticate(new TokenCredentials(token))).compose(user -> {
      JsonObject claims = user.principal();
      // an expiry is checked only when present; a provider's token without one would be valid for ever
      if (!(user.attributes().getValue("exp") instanceof Number)) {
        return Future.failedFuture("token without exp");
      }
      Role role = role(claims.getValue(roleClaim));
      if (role == null) {
        return Future.failedFuture("no CouncilLine role in claim " + roleClaim);
      }
      JsonObject principal = new JsonObject().put("sub", claims.getString("sub")).put("role", role.name())
          .put("external", true);
      if (claims.getString(counselorClaim) != null) {
        principal.put("counselorId", claims.getString(counselorClaim));
      }
      return Future.succeededFuture(User.create(principal));
    });
  }

  private Role role(Object claim) {
    List<String> values = new ArrayList<>();
    if (claim instanceof JsonArray array) {
      array.forEach(v -> values.add(String.valueOf(v)));
    } else if (claim != null) {
      values.add(String.valueOf(claim));
    }
    // the most powerful mapped role wins, in the order of the Role enum
    return values.stream().map(roleMap::get).filter(r -> r != null).sorted().findFirst().orElse(null);
  }

  private Future<JWTAuth> fetchKeys() {
    Future<String> url = jwksUrl != null ? Future.succeededFuture(jwksUrl)
        : web.getAbs(issuer.replaceAll("/$", "") + "/.well-known/openid-configuration").send()
            .map(response -> response.bodyAsJsonObject().getString("jwks_uri"));
    return url.compose(u -> web.getAbs(u).send()).map(response -> {
      JsonArray keys = response.bodyAsJsonObject().getJsonArray("keys", new JsonArray());
      List<JsonObject> jwks = new ArrayList<>();
      List<String> ids = new ArrayList<>();
      keys.forEach(k -> {
        jwks.add((JsonObject) k);
        ids.add(((JsonObject) k).getString("kid"));
      });
      verifier = JWTAuth.create(vertx, new JWTAuthOptions().setJwks(jwks)
          .setJWTOptions(new JWTOptions().setIssuer(issuer)));
      knownKeyIds = ids;
      fetchedAt = System.currentTimeMillis();
      LOG.info("Loaded {} signing keys of {}", ids.size(), issuer);
      return verifier;
    });
  }

  private static JsonObject unverifiedHeader(String token) {
    return part(token, 0);
  }

  private static JsonObject unverifiedPayload(String token) {
    return part(token, 1);
  }

  private static JsonObject part(String token, int index) {
    try {
      String[] parts = token.split("\\.");
      return new JsonObject(new String(Base64.getUrlDecoder().decode(parts[index]), StandardCharsets.UTF_8));
    } catch (RuntimeException ex) {
      return new JsonObject();
    }
  }
}
