package al.tirana.councilline.open311;

import al.tirana.councilline.platform.http.ApiException;
import al.tirana.councilline.platform.axon.Commands;
import al.tirana.councilline.platform.json.IsoInstants;
import al.tirana.councilline.platform.http.RateLimiter;
import al.tirana.councilline.shared.Actor;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/**
 * The keys of integrating systems: created and revoked through commands (ApiKeyCreated, ApiKeyRevoked), checked on
 * each use against the database, so a revocation holds on every node at once. A key is 32 random bytes, so a plain
 * SHA-256 digest is enough to keep it: unlike a password, it cannot be guessed from a dictionary.
 */
public record ApiKeys(Pool pool, Commands commands, int defaultRateLimit) {

  /** Names the key's secret so that a leaked one is recognisable in logs and scanners. */
  static final String PREFIX = "cl311_";
  private static final SecureRandom RANDOM = new SecureRandom();

  private static final String USE = "WITH k AS (SELECT a.id, a.name, a.rate_limit_per_minute FROM api_key_digest d "
      + "JOIN api_key a USING (id) WHERE d.key_hash = $1 AND a.revoked_at IS NULL), "
      + "u AS (UPDATE api_key SET last_used_at = now() WHERE id = (SELECT id FROM k)) SELECT * FROM k";

  /** The answer is the only place the secret ever appears. */
  public Future<JsonObject> create(String name, Integer rateLimitPerMinute, Actor by) {
    String trimmed = name == null ? "" : name.trim();
    if (trimmed.isEmpty() || "system".equalsIgnoreCase(trimmed) || "anonymous".equalsIgnoreCase(trimmed)) {
      throw ApiException.badRequest("VALIDATION_FAILED", "Name the integrating system",
          new JsonArray().add(new JsonObject().put("field", "/name")
              .put("problem", "must not be blank, 'system' or 'anonymous'")));
    }
    int limit = rateLimitPerMinute == null ? defaultRateLimit : rateLimitPerMinute;
    String id = UUID.randomUUID().toString();
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    return commands.send(new ApiKeyCommand.CreateApiKey(id, trimmed, limit, digest(key), by))
        .compose(done -> pool.preparedQuery("SELECT created_at FROM api_key WHERE id = $1").execute(Tuple.of(id)))
        .map(rows -> new JsonObject().put("id", id).put("name", trimmed).put("key", key)
            .put("rateLimitPerMinute", limit)
            .put("createdAt", instant(rows.iterator().next().getOffsetDateTime("created_at"))));
  }

  public Future<JsonArray> list() {
    return pool.query("SELECT id, name, rate_limit_per_minute, created_by, created_at, last_used_at, revoked_at "
        + "FROM api_key ORDER BY created_at, id").execute().map(rows -> {
          JsonArray keys = new JsonArray();
          for (Row row : rows) {
            keys.add(new JsonObject().put("id", row.getString("id")).put("name", row.getString("name"))
                .put("rateLimitPerMinute", row.getInteger("rate_limit_per_minute"))
                .put("createdBy", row.getString("created_by"))
                .put("createdAt", instant(row.getOffsetDateTime("created_at")))
                .put("lastUsedAt", instant(row.getOffsetDateTime("last_used_at")))
                .put("revokedAt", instant(row.getOffsetDateTime("revoked_at")))
                .put("active", row.getOffsetDateTime("revoked_at") == null));
          }
          return keys;
        });
  }

  public Future<Void> revoke(String id, Actor by) {
    return pool.preparedQuery("SELECT 1 FROM api_key WHERE id = $1").execute(Tuple.of(id)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(ApiException.notFound("API key " + id));
      }
      return commands.send(new ApiKeyCommand.RevokeApiKey(id, by)).mapEmpty();
    });
  }

  /**
   * The integrator whose active key this is, having counted the call against the key's own rate limit (429 beyond
   * it); empty for an unknown or revoked key. Records when the key was last used.
   */
  public Future<Optional<Integrator>> authenticate(String key) {
    if (key == null || key.isBlank()) {
      return Future.succeededFuture(Optional.empty());
    }
    return pool.preparedQuery(USE).execute(Tuple.of(digest(key.trim()))).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture(Optional.empty());
      }
      Row row = rows.iterator().next();
      Integrator integrator = new Integrator(row.getString("id"), row.getString("name"),
          row.getInteger("rate_limit_per_minute"));
      return new RateLimiter(pool, "api-key", integrator.rateLimitPerMinute(), Integer.MAX_VALUE)
          .acquire(integrator.keyId(), "calls with this API key")
          .map(Optional.of(integrator));
    });
  }

  static String digest(String key) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
    }
  }

  private static String instant(OffsetDateTime time) {
    return time == null ? null : IsoInstants.format(time.toInstant());
  }
}
