package al.tirana.councilline.open311;

import al.tirana.councilline.platform.sql.Sql;
import al.tirana.councilline.open311.ApiKeyEvent.ApiKeyCreated;
import al.tirana.councilline.open311.ApiKeyEvent.ApiKeyRevoked;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;

/**
 * api_key, kept in the key command's transaction: a new key works at once, and a revoked one is refused at once on
 * every node, since each node reads the table on each use.
 */
@ProcessingGroup(ApiKeyProjection.NAME)
public record ApiKeyProjection(Sql sql) implements ApiKeyDigests {

  public static final String NAME = "api-keys";

  @Override
  public void store(String id, String keyHash) {
    sql.update("INSERT INTO api_key_digest (key_hash, id) VALUES (?, ?)", keyHash, id);
  }

  @EventHandler
  void on(ApiKeyCreated e) {
    sql.update("INSERT INTO api_key (id, name, rate_limit_per_minute, created_by, created_at) VALUES (?, ?, ?, ?, ?)",
        e.id(), e.name(), e.rateLimitPerMinute(), e.by().id(), e.at());
  }

  @EventHandler
  void on(ApiKeyRevoked e) {
    // the digest goes with the revocation: nothing is left that a leaked secret could match
    sql.update("UPDATE api_key SET revoked_at = ? WHERE id = ?", e.at(), e.id());
    sql.update("DELETE FROM api_key_digest WHERE id = ?", e.id());
  }
}
