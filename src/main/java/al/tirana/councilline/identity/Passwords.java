package al.tirana.councilline.identity;

import al.tirana.councilline.platform.keys.MasterKey;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2-HMAC-SHA256 with a per-password salt (OWASP's work factor for this KDF). Stored as
 * {@code pbkdf2-sha256$iterations$salt$hash} so the work factor can be raised later without breaking old hashes.
 * Deliberately slow: call it from a worker thread, never an event loop.
 */
public final class Passwords {

  static final int ITERATIONS = 600_000;

  private Passwords() {
  }

  public static String hash(String password) {
    byte[] salt = MasterKey.randomBytes(16);
    return "pbkdf2-sha256$" + ITERATIONS + "$" + b64(salt) + "$" + b64(derive(password, salt, ITERATIONS));
  }

  /**
   * A stored hash in the same form and with the same work factor as {@link #hash}'s, made of random bytes instead of
   * a derivation: checking any password against it costs a full derivation, as a real hash does, and matches none
   * (the chance is 2^-256). It costs nothing to make, so it need not be derived at start-up.
   */
  static String decoy() {
    return "pbkdf2-sha256$" + ITERATIONS + "$" + b64(MasterKey.randomBytes(16)) + "$" + b64(MasterKey.randomBytes(32));
  }

  public static boolean verify(String password, String stored) {
    String[] parts = stored.split("\\$");
    if (parts.length != 4 || !"pbkdf2-sha256".equals(parts[0])) {
      return false;
    }
    byte[] salt = Base64.getDecoder().decode(parts[2]);
    byte[] expected = Base64.getDecoder().decode(parts[3]);
    return MessageDigest.isEqual(expected, derive(password, salt, Integer.parseInt(parts[1])));
  }

  private static byte[] derive(String password, byte[] salt, int iterations) {
    try {
      PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException ex) {
      throw new IllegalStateException(ex);
    }
  }

  private static String b64(byte[] bytes) {
    return Base64.getEncoder().withoutPadding().encodeToString(bytes);
  }
}
