package al.tirana.councilline.support;

import al.tirana.councilline.platform.config.Config;
import al.tirana.councilline.platform.keys.MasterKey;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** The token signing keys a node keeps in its database, opened with its master key as any node would. */
public final class StoredSigningKeys {

  private StoredSigningKeys() {
  }

  public record Pair(String kid, String privatePem, String publicPem) {
  }

  /** Every stored key, newest (the signer) first. */
  public static List<Pair> all(String databaseUrl, Config config) throws Exception {
    MasterKey masterKey = MasterKey.configured(config).orElseThrow();
    List<Pair> pairs = new ArrayList<>();
    try (Connection c = TestApp.jdbc(databaseUrl); PreparedStatement ps = c.prepareStatement(
        "SELECT kid, public_key, sealed_private_key FROM token_signing_key ORDER BY created_at DESC, kid DESC");
         ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String kid = rs.getString(1);
        pairs.add(new Pair(kid, pem("PRIVATE KEY", masterKey.unwrap(rs.getBytes(3), "token-signing-key:" + kid)),
            pem("PUBLIC KEY", rs.getBytes(2))));
      }
    }
    return pairs;
  }

  public static Pair newest(TestApp app) throws Exception {
    return all(app.databaseUrl(), app.config()).get(0);
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
