package al.tirana.councilline.request;

import al.tirana.councilline.platform.json.Json;
import al.tirana.councilline.platform.keys.MasterKey;
import al.tirana.councilline.platform.sql.Sql;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.common.jdbc.ConnectionProvider;

/**
 * Crypto-shredding store for citizens' personal data. Sealing runs inside the command's unit of work, so the new
 * data key commits in the same transaction as the event that uses it. Opening is non-blocking, for the HTTP layer.
 */
public final class CitizenDataVault implements PersonalDataVault {

  private final MasterKey masterKey;
  private final ConnectionProvider connections;
  private final Sql sql;
  private final byte[] accessCodeKey;
  private final byte[] emailKey;

  public CitizenDataVault(MasterKey masterKey, ConnectionProvider connections) {
    this.masterKey = masterKey;
    this.connections = connections;
    this.sql = new Sql(connections);
    this.accessCodeKey = masterKey.derive("access-code");
    this.emailKey = masterKey.derive("email-index");
  }

  @Override
  public SealedPersonalData seal(PersonalData data) {
    String citizenId = UUID.randomUUID().toString();
    byte[] dataKey = MasterKey.randomBytes(32);
    // held back to the commit like a projection's writes, so a group of submissions stores its keys in one batch
    sql.write(citizenId, "INSERT INTO citizen_data_key (citizen_id, wrapped_key) VALUES (?::uuid, ?)", citizenId,
        masterKey.wrap(dataKey, citizenId));
    if (data.email() != null) {
      // a blind index, so a citizen who lost their codes can be found by the address without it being readable
      sql.write(citizenId, "INSERT INTO citizen_email_index (citizen_id, email_digest) VALUES (?::uuid, ?)",
          citizenId, emailDigest(data.email()));
    }
    keysOfThisCommand().put(citizenId, dataKey);
    try {
      byte[] plaintext = Json.mapper().writeValueAsBytes(data);
      return new SealedPersonalData(citizenId,
          Base64.getEncoder().encodeToString(MasterKey.encrypt(dataKey, plaintext, citizenId)));
    } catch (IOException ex) {
      throw new IllegalStateException("Could not seal personal data", ex);
    }
  }

  @Override
  public SealedPersonalData sealFor(String citizenId, String text) {
    byte[] known = keysOfThisCommand().get(citizenId);
    if (known != null) {
      return sealed(citizenId, known, text);
    }
    try {
      Connection connection = connections.getConnection();
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT wrapped_key FROM citizen_data_key WHERE citizen_id = ?::uuid")) {
        select.setString(1, citizenId);
        try (java.sql.ResultSet rs = select.executeQuery()) {
          if (!rs.next()) {
            throw new al.tirana.councilline.platform.http.ApiException(410, "PERSONAL_DATA_ERASED",
                "The citizen's personal data was erased; nothing more can be recorded for them");
          }
          return sealed(citizenId, masterKey.unwrap(rs.getBytes(1), citizenId), text);
        }
      }
    } catch (SQLException ex) {
      throw new IllegalStateException("Could not seal the citizen's text", ex);
    }
  }

  private static SealedPersonalData sealed(String citizenId, byte[] dataKey, String text) {
    return new SealedPersonalData(citizenId, Base64.getEncoder().encodeToString(
        MasterKey.encrypt(dataKey, text.getBytes(StandardCharsets.UTF_8), citizenId)));
  }

  /**
   * The data keys this command created, so that sealing more for the same citizen (the receipt's access code) does
   * not read back and unwrap the key it has just stored. They live as long as the unit of work, which holds them in
   * memory anyway; outside one, nothing is kept.
   */
  private static Map<String, byte[]> keysOfThisCommand() {
    return Sql.batchLocal(CitizenDataVault.class.getName() + ".keys");
  }

  /** A text sealed with {@link #sealFor}, or empty when the citizen's key was erased. */
  public Future<Optional<String>> openText(Pool pool, String citizenId, String ciphertext) {
    return pool.preparedQuery("SELECT wrapped_key FROM citizen_data_key WHERE citizen_id = $1::uuid")
        .execute(Tuple.of(citizenId))
        .map(rows -> rows.size() == 0 ? Optional.<String>empty() : Optional.of(new String(
            MasterKey.decrypt(masterKey.unwrap(rows.iterator().next().getBuffer(0).getBytes(), citizenId),
                Base64.getDecoder().decode(ciphertext), citizenId), StandardCharsets.UTF_8)));
  }

  @Override
  public boolean erase(String citizenId) {
    keysOfThisCommand().remove(citizenId);
    try (PreparedStatement delete = connections.getConnection().prepareStatement(
        "DELETE FROM citizen_data_key WHERE citizen_id = ?::uuid")) {
      delete.setString(1, citizenId);
      return delete.executeUpdate() > 0;
    } catch (SQLException ex) {
      throw new IllegalStateException("Could not erase the citizen's data key", ex);
    }
  }

  /**
   * The blind index of an e-mail address: a keyed digest of its trimmed, lower-case form, equal for equal addresses
   * and useless to anyone without the master key.
   */
  public String emailDigest(String email) {
    return HexFormat.of().formatHex(MasterKey.hmac(emailKey,
        email.trim().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public String accessCodeDigest(String accessCode) {
    return HexFormat.of().formatHex(MasterKey.hmac(accessCodeKey, accessCode.getBytes(StandardCharsets.UTF_8)));
  }

  /** The plaintext, or empty when the citizen's key was erased. */
  public Future<Optional<PersonalData>> open(Pool pool, String citizenId, String ciphertext) {
    return pool.preparedQuery("SELECT wrapped_key FROM citizen_data_key WHERE citizen_id = $1::uuid")
        .execute(Tuple.of(citizenId))
        .map(rows -> decrypt(rows, citizenId, ciphertext));
  }

  private Optional<PersonalData> decrypt(RowSet<Row> rows, String citizenId, String ciphertext) {
    if (rows.size() == 0) {
      return Optional.empty();
    }
    return Optional.of(open(rows.iterator().next().getBuffer(0).getBytes(), citizenId, ciphertext));
  }

  /** The plaintext, with the citizen's wrapped key already read (a list of many requests reads them at once). */
  public PersonalData open(byte[] wrappedKey, String citizenId, String ciphertext) {
    byte[] dataKey = masterKey.unwrap(wrappedKey, citizenId);
    byte[] plaintext = MasterKey.decrypt(dataKey, Base64.getDecoder().decode(ciphertext), citizenId);
    try {
      return Json.mapper().readValue(plaintext, PersonalData.class);
    } catch (IOException ex) {
      throw new IllegalStateException("Sealed personal data of " + citizenId + " is not readable", ex);
    }
  }
}
