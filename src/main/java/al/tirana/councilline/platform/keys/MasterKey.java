package al.tirana.councilline.platform.keys;

import al.tirana.councilline.platform.config.Config;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application's master key (256-bit AES) and the AES-GCM primitives built on it. It wraps the per-citizen data
 * keys and derives secondary keys (for access-code digests, token signing) so that only one secret needs guarding.
 * All nodes sharing a database must use the same key: set DATA_KEY on each of them.
 */
public final class MasterKey {

  private static final Logger LOG = LoggerFactory.getLogger(MasterKey.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  /**
   * One cipher and one MAC per thread, initialised afresh (with a fresh IV) for each use: looking them up through
   * the JCA providers cost more than encrypting a submission's few hundred bytes. A cipher keeps the round keys of
   * the last key it was given, so the master key has ciphers of its own: wrapping a data key then skips the key
   * expansion that the data keys, new for each citizen, cannot.
   */
  private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(MasterKey::newCipher);
  private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(() -> instance("HmacSHA256", Mac::getInstance));

  private final byte[] key;
  private final ThreadLocal<Cipher> masterCiphers = ThreadLocal.withInitial(MasterKey::newCipher);

  private MasterKey(byte[] key) {
    if (key.length != 32) {
      throw new IllegalArgumentException("The data key must be 32 bytes (base64 of 32 random bytes)");
    }
    this.key = key.clone();
  }

  /**
   * The key this node was given: DATA_KEY, else the DATA_DIR/master.key it generated on an earlier start. Generates
   * nothing: whether a new key may be made depends on what the database already holds (see {@link ClusterKey}).
   */
  public static Optional<MasterKey> configured(Config config) throws IOException {
    if (config.dataKey().isPresent()) {
      return Optional.of(new MasterKey(decode(config.dataKey().get())));
    }
    Path file = keyFile(config);
    if (Files.exists(file)) {
      return Optional.of(new MasterKey(decode(Files.readString(file, StandardCharsets.US_ASCII))));
    }
    return Optional.empty();
  }

  /** A new key, written to DATA_DIR/master.key: only for a database that holds nothing sealed under another key. */
  static MasterKey generate(Config config) throws IOException {
    Path file = keyFile(config);
    Files.createDirectories(config.dataDir());
    byte[] fresh = randomBytes(32);
    Files.writeString(file, Base64.getEncoder().encodeToString(fresh), StandardCharsets.US_ASCII);
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException ex) {
      LOG.warn("Could not restrict permissions of {}: {}", file, ex.getMessage());
    }
    LOG.info("Generated a new master data key in {}; back it up, every node needs it as DATA_KEY", file);
    return new MasterKey(fresh);
  }

  static Path keyFile(Config config) {
    return config.dataDir().resolve("master.key");
  }

  private static byte[] decode(String base64) {
    try {
      return Base64.getDecoder().decode(base64.trim());
    } catch (IllegalArgumentException ex) {
      throw new IllegalArgumentException("DATA_KEY must be base64 of 32 random bytes", ex);
    }
  }

  public static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  public byte[] wrap(byte[] dataKey, String context) {
    return encrypt(masterCiphers.get(), key, dataKey, context);
  }

  public byte[] unwrap(byte[] wrapped, String context) {
    return decrypt(masterCiphers.get(), key, wrapped, context);
  }

  /** A key for one purpose, derived so that leaking it reveals neither the master key nor other purposes' keys. */
  public byte[] derive(String purpose) {
    return hmac(key, purpose.getBytes(StandardCharsets.UTF_8));
  }

  public static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = MACS.get();
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException ex) {
      throw new IllegalStateException(ex);
    }
  }

  /** IV followed by ciphertext and tag; the context (e.g. the citizen id) is bound as associated data. */
  public static byte[] encrypt(byte[] key, byte[] plaintext, String context) {
    return encrypt(CIPHERS.get(), key, plaintext, context);
  }

  public static byte[] decrypt(byte[] key, byte[] ivAndCiphertext, String context) {
    return decrypt(CIPHERS.get(), key, ivAndCiphertext, context);
  }

  private static byte[] encrypt(Cipher cipher, byte[] key, byte[] plaintext, String context) {
    try {
      byte[] iv = randomBytes(IV_BYTES);
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, iv));
      cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plaintext);
      byte[] out = Arrays.copyOf(iv, IV_BYTES + sealed.length);
      System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
      return out;
    } catch (GeneralSecurityException ex) {
      throw new IllegalStateException("Encryption failed", ex);
    }
  }

  private static byte[] decrypt(Cipher cipher, byte[] key, byte[] ivAndCiphertext, String context) {
    try {
      cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
          new GCMParameterSpec(TAG_BITS, ivAndCiphertext, 0, IV_BYTES));
      cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(ivAndCiphertext, IV_BYTES, ivAndCiphertext.length - IV_BYTES);
    } catch (GeneralSecurityException ex) {
      throw new IllegalStateException("Decryption failed: wrong key or tampered data", ex);
    }
  }

  private static Cipher newCipher() {
    return instance("AES/GCM/NoPadding", Cipher::getInstance);
  }

  private interface Lookup<T> {
    T get(String algorithm) throws GeneralSecurityException;
  }

  private static <T> T instance(String algorithm, Lookup<T> lookup) {
    try {
      return lookup.get(algorithm);
    } catch (GeneralSecurityException ex) {
      throw new IllegalStateException("This JVM has no " + algorithm, ex);
    }
  }
}
