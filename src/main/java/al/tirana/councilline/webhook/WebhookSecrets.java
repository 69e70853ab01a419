package al.tirana.councilline.webhook;

import al.tirana.councilline.platform.keys.MasterKey;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The subscribers' signing secrets at rest. The sender needs each secret itself to sign, so it cannot be kept as a
 * digest; it is sealed under the cluster's master key as the token signing keys' private halves are (AES-256-GCM),
 * with the subscription's id bound as associated data, so a sealed secret copied to another row does not open there.
 * Every running node holds the cluster's key: one without it, or with another, refuses to start
 * ({@code ClusterKey}).
 */
record WebhookSecrets(MasterKey masterKey) {

  byte[] seal(UUID subscription, String secret) {
    return masterKey.wrap(secret.getBytes(StandardCharsets.UTF_8), context(subscription));
  }

  /**
   * The secret to sign with: the sealed one opened, or the plain one of a row an earlier version stored, which signs
   * as it is until a node's start seals it.
   */
  String open(UUID subscription, byte[] sealed, String plain) {
    if (sealed == null) {
      return plain;
    }
    try {
      return new String(masterKey.unwrap(sealed, context(subscription)), StandardCharsets.UTF_8);
    } catch (IllegalStateException ex) {
      throw new IllegalStateException("the secret of subscription " + subscription + " does not open: it was sealed "
          + "for another subscription or changed", ex);
    }
  }

  /**
   * Blocking, at start-up: seals the secrets an earlier version stored in plain text, and returns how many. A row is
   * rewritten only while it still holds its plain secret, and rows are taken in one order, so nodes starting together
   * seal each row once (the later update waits for the earlier and then finds nothing to change) and a later start
   * finds nothing to do.
   */
  int sealPlainRows(DataSource dataSource) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement select = connection.prepareStatement(
               "SELECT id, secret FROM webhook_subscription WHERE secret IS NOT NULL ORDER BY id");
           PreparedStatement update = connection.prepareStatement("UPDATE webhook_subscription "
               + "SET sealed_secret = ?, secret = NULL WHERE id = ? AND secret = ?");
           ResultSet plain = select.executeQuery()) {
        int sealed = 0;
        while (plain.next()) {
          UUID id = plain.getObject(1, UUID.class);
          String secret = plain.getString(2);
          update.setBytes(1, seal(id, secret));
          update.setObject(2, id);
          update.setString(3, secret);
          sealed += update.executeUpdate();
        }
        connection.commit();
        return sealed;
      } catch (SQLException | RuntimeException ex) {
        connection.rollback();
        throw ex;
      }
    }
  }

  private static String context(UUID subscription) {
    return "webhook-secret:" + subscription;
  }
}
