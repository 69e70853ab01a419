package al.tirana.councilline.identity;

import al.tirana.councilline.shared.Role;
import al.tirana.councilline.platform.config.Config;
import al.tirana.councilline.platform.http.Busy;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
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
 * once when a token names a key not seen yet (at most every five seconds). Roles come from a claim through a
 * configurable mapping.
 */
public final class ExternalIdentity {

  private static final Logger LOG = LoggerFactory.getLogger(ExternalIdentity.class);
  private static final long REFRESH_MS = 10 * 60_000;
  /** A provider whose keys have not all arrived within this is taken as away. */
  private static final long FETCH_TIMEOUT_MS = 5_000;
  /** The least time between two fetches of the keys, and so the Retry-After of a 503 while they cannot be fetched. */
  private static final long REFETCH_PAUSE_MS = 5_000;
  private static final int RETRY_AFTER_SECONDS = (int) (REFETCH_PAUSE_MS / 1_000);

  private final Vertx vertx;
  private final HttpClient http;
  private final String issuer;
  private final String jwksUrl;
  private final String roleClaim;
  private final String counselorClaim;
  private final Map<String, Role> roleMap = new HashMap<>();
  /** The keys last loaded, replaced as one value so that a request never sees the ids of one fetch with another's. */
  private volatile Keys loaded = new Keys(null, List.of(), 0);
  /** When the last fetch began or ended, on the steady clock ({@link #millis()}): the pause counts from it. */
  private volatile long attemptedAt = millis() - REFETCH_PAUSE_MS;
  /** Fetches begun so far, so that a scheduled fetch can tell whether another began meanwhile. */
  private long fetches;
  private volatile Future<JWTAuth> fetching;
  /** The fetch due at the end of the pause, which tokens with a key id not seen yet wait for. */
  private Future<JWTAuth> scheduled;

  private ExternalIdentity(Vertx vertx, Config config) {
    this.vertx = vertx;
    this.http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout((int) FETCH_TIMEOUT_MS));
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

  /**
   * A user with this application's principal (sub, role, counselorId) when the token is valid and mapped. When the
   * provider's keys cannot be fetched the answer is 503 {@code IDENTITY_PROVIDER_UNAVAILABLE}, not an invalid token
   * and not the database's outage.
   */
  public Future<User> authenticate(String token) {
    return keysFor(unverifiedHeader(token).getString("kid"))
        .compose(auth -> auth.authenticate(new TokenCredentials(token))).compose(user -> {
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

  /**
   * The cached keys, or keys fetched now: the first time, and for a key id not seen yet; keys over ten minutes old
   * are used while a fresh copy is fetched in the background. Fetches are at least {@link #REFETCH_PAUSE_MS} apart
   * (from the end of the last), so tokens naming made-up key ids cannot turn each request into a call to the
   * provider, and a provider that is away is not asked again by every request. A key id not seen yet within that
   * pause waits for the fetch at its end. A refresh that fails keeps the cached keys: a short outage of the provider
   * does not log everybody out. The answer comes on the caller's own context, whichever request's fetch it waited for.
   */
  private Future<JWTAuth> keysFor(String kid) {
    Context caller = vertx.getOrCreateContext();
    long now = millis();
    Keys keys = loaded;
    JWTAuth cached = keys.verifier();
    boolean mayFetch = now - attemptedAt >= REFETCH_PAUSE_MS;
    boolean unknownKey = kid != null && !keys.ids().contains(kid);
    Future<JWTAuth> underWay = fetching;
    if (unknownKey && underWay != null) {
      // the provider has just rotated its keys: the tokens with the new key id wait for the fetch one of them began
      return onContext(caller, underWay.recover(err -> Future.failedFuture(unavailable())));
    }
    if (cached != null && !unknownKey) {
      if (mayFetch && now - keys.fetchedAt() > REFRESH_MS) {
        fetchKeys(false);
      }
      return Future.succeededFuture(cached);
    }
    if (!mayFetch && underWay == null) {
      if (cached == null) {
        return Future.failedFuture(unavailable());
      }
      // a key id not seen yet within the pause after the last fetch: the provider may have rotated its keys just
      // after it, so the token waits for the fetch at the end of the pause rather than being refused with older keys
      return onContext(caller, fetchAfterPause(attemptedAt + REFETCH_PAUSE_MS - now)
          .recover(err -> Future.failedFuture(unavailable())));
    }
    return onContext(caller, fetchKeys(false).recover(err -> Future.failedFuture(unavailable())));
  }

  /** Milliseconds of a steady clock: a wall clock set back would stretch the pause, and every wait on it. */
  private static long millis() {
    return System.nanoTime() / 1_000_000;
  }

  /** The fetch that starts once the pause is over; tokens arriving until then wait for this same one. */
  private synchronized Future<JWTAuth> fetchAfterPause(long delayMillis) {
    if (scheduled == null) {
      Promise<JWTAuth> next = Promise.promise();
      scheduled = next.future();
      long before = fetches;
      vertx.setTimer(Math.min(REFETCH_PAUSE_MS, Math.max(1, delayMillis)), id -> {
        Future<JWTAuth> keys;
        synchronized (this) {
          scheduled = null;
          // another token may have begun a fetch as the pause ended: then these wait for it, or take what it brought
          keys = fetching != null || fetches == before ? fetchKeys(true) : Future.succeededFuture(loaded.verifier());
        }
        keys.onComplete(next);
      });
    }
    return scheduled;
  }

  /** The same outcome, delivered on the given context (a fetch completes on the context of whoever began it). */
  private static <T> Future<T> onContext(Context context, Future<T> future) {
    Promise<T> delivered = Promise.promise();
    future.onComplete(done -> context.runOnContext(v -> delivered.handle(done)));
    return delivered.future();
  }

  private Busy unavailable() {
    return new Busy("IDENTITY_PROVIDER_UNAVAILABLE", "The identity provider's signing keys could not be fetched, so "
        + "its token cannot be checked; try again in a few seconds", RETRY_AFTER_SECONDS,
        new JsonObject().put("issuer", issuer));
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

  /**
   * One fetch at a time on this node: requests arriving meanwhile wait for the same one. Within the pause (unless
   * {@code pauseOver}: the scheduled fetch at its end) what the last fetch brought is the answer: a fetch may have
   * ended since the caller found the pause over.
   */
  private synchronized Future<JWTAuth> fetchKeys(boolean pauseOver) {
    if (fetching != null) {
      return fetching;
    }
    if (!pauseOver && millis() - attemptedAt < REFETCH_PAUSE_MS) {
      JWTAuth verifier = loaded.verifier();
      return verifier != null ? Future.succeededFuture(verifier)
          : Future.failedFuture("the keys could not be fetched a moment ago");
    }
    fetches++;
    attemptedAt = millis();
    Promise<JWTAuth> fetched = Promise.promise();
    fetching = fetched.future();
    // the whole fetch has a deadline: the client's own timeout is an idle one, which a provider sending a byte now
    // and then would never reach, and every request that needs the keys waits for this fetch
    long deadline = vertx.setTimer(FETCH_TIMEOUT_MS, id -> fetched.tryFail("no keys within " + FETCH_TIMEOUT_MS
        + " ms"));
    fetched.future().onComplete(done -> {
      vertx.cancelTimer(deadline);
      synchronized (this) {
        fetching = null;
        attemptedAt = millis();
      }
      if (done.failed()) {
        LOG.warn("Could not fetch the signing keys of {}: {}", issuer, done.cause().toString());
      }
    });
    try {
      Future<String> url = jwksUrl != null ? Future.succeededFuture(jwksUrl)
          : json(issuer.replaceAll("/$", "") + "/.well-known/openid-configuration", fetched.future())
              .map(d -> d.getString("jwks_uri"));
      url.compose(u -> json(u, fetched.future())).map(document -> {
        JsonArray keys = document.getJsonArray("keys", new JsonArray());
        List<JsonObject> jwks = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        keys.forEach(k -> {
          jwks.add((JsonObject) k);
          ids.add(((JsonObject) k).getString("kid"));
        });
        JWTAuth verifier = JWTAuth.create(vertx, new JWTAuthOptions().setJwks(jwks)
            .setJWTOptions(new JWTOptions().setIssuer(issuer)));
        loaded = new Keys(verifier, ids, millis());
        LOG.info("Loaded {} signing keys of {}", ids.size(), issuer);
        return verifier;
      }).onComplete(done -> {
        if (done.succeeded()) {
          fetched.tryComplete(done.result());
        } else {
          fetched.tryFail(done.cause());
        }
      });
    } catch (RuntimeException ex) {
      // an address the client refuses outright (a malformed OIDC_ISSUER) fails this fetch, not every later one
      fetched.tryFail(ex);
    }
    return fetched.future();
  }

  /**
   * A JSON document of the provider's; anything but 200 with a JSON object fails. The request is reset when the
   * fetch fails (its deadline passed), so a provider that trickles its answer does not keep a connection for ever.
   */
  private Future<JsonObject> json(String url, Future<JWTAuth> fetch) {
    return http.request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url)).compose(request -> {
      fetch.onFailure(err -> request.reset());
      return request.send();
    }).compose(response -> response.statusCode() == 200 ? response.body().map(Buffer::toJsonObject)
        : Future.failedFuture(url + " answered " + response.statusCode()));
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

  /** A verifier of the provider's keys (null before the first fetch), their ids, and when they were fetched. */
  private record Keys(JWTAuth verifier, List<String> ids, long fetchedAt) {
  }
}
