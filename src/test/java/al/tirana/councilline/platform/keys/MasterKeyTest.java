package al.tirana.councilline.platform.keys;

import al.tirana.councilline.platform.config.Config;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The master key and its AES-GCM primitives")
class MasterKeyTest {

  private static final byte[] TEXT = "Ana Hoxha, +355 69 123 4567".getBytes(StandardCharsets.UTF_8);

  @TempDir
  Path dataDir;

  @Test
  @DisplayName("a sealed text is IV, ciphertext and tag that a fresh JCA cipher opens with the key and context")
  void sealsInTheStoredFormat() throws Exception {
    byte[] key = MasterKey.randomBytes(32);
    byte[] sealed = MasterKey.encrypt(key, TEXT, "citizen-1");

    Cipher reference = Cipher.getInstance("AES/GCM/NoPadding");
    reference.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, sealed, 0, 12));
    reference.updateAAD("citizen-1".getBytes(StandardCharsets.UTF_8));
    assertArrayEquals(TEXT, reference.doFinal(sealed, 12, sealed.length - 12));
    assertArrayEquals(TEXT, MasterKey.decrypt(key, sealed, "citizen-1"));
  }

  @Test
  @DisplayName("sealing the same text twice with the same key gives two ciphertexts, each with its own IV")
  void freshIvEachTime() {
    byte[] key = MasterKey.randomBytes(32);
    byte[] first = MasterKey.encrypt(key, TEXT, "citizen-1");
    byte[] second = MasterKey.encrypt(key, TEXT, "citizen-1");

    assertFalse(Arrays.equals(Arrays.copyOf(first, 12), Arrays.copyOf(second, 12)));
    assertFalse(Arrays.equals(first, second));
  }

  @Test
  @DisplayName("a wrong key, a wrong context or a changed byte is refused, and the thread then seals and opens as before")
  void refusalsLeaveTheThreadsCipherUsable() {
    byte[] key = MasterKey.randomBytes(32);
    byte[] sealed = MasterKey.encrypt(key, TEXT, "citizen-1");
    byte[] tampered = sealed.clone();
    tampered[tampered.length - 1] ^= 1;

    assertThrows(IllegalStateException.class, () -> MasterKey.decrypt(MasterKey.randomBytes(32), sealed,
        "citizen-1"));
    assertThrows(IllegalStateException.class, () -> MasterKey.decrypt(key, sealed, "citizen-2"));
    assertThrows(IllegalStateException.class, () -> MasterKey.decrypt(key, tampered, "citizen-1"));
    assertArrayEquals(TEXT, MasterKey.decrypt(key, sealed, "citizen-1"));
    assertArrayEquals(TEXT, MasterKey.decrypt(key, MasterKey.encrypt(key, TEXT, "citizen-1"), "citizen-1"));
  }

  @Test
  @DisplayName("wrapping with the master key between data-key seals on one thread keeps every key to its own texts")
  void masterAndDataKeysAlternate() throws Exception {
    MasterKey master = masterKey(new byte[32]);
    MasterKey other = masterKey(filled(7));
    List<byte[]> dataKeys = new ArrayList<>();
    List<byte[]> wrapped = new ArrayList<>();
    List<byte[]> sealed = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      byte[] dataKey = MasterKey.randomBytes(32);
      dataKeys.add(dataKey);
      wrapped.add(master.wrap(dataKey, "citizen-" + i));
      sealed.add(MasterKey.encrypt(dataKey, TEXT, "citizen-" + i));
    }
    for (int i = 0; i < 20; i++) {
      String context = "citizen-" + i;
      assertArrayEquals(dataKeys.get(i), master.unwrap(wrapped.get(i), context));
      assertArrayEquals(TEXT, MasterKey.decrypt(master.unwrap(wrapped.get(i), context), sealed.get(i), context));
      byte[] wrappedHere = wrapped.get(i);
      assertThrows(IllegalStateException.class, () -> other.unwrap(wrappedHere, context));
    }
  }

  @Test
  @DisplayName("threads sealing and opening at once each get their own texts back")
  void concurrentThreads() throws Exception {
    MasterKey master = masterKey(new byte[32]);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        results.add(pool.submit(() -> {
          int checked = 0;
          for (int i = 0; i < 500; i++) {
            String context = "citizen-" + thread + "-" + i;
            byte[] text = context.getBytes(StandardCharsets.UTF_8);
            byte[] dataKey = MasterKey.randomBytes(32);
            byte[] opened = MasterKey.decrypt(master.unwrap(master.wrap(dataKey, context), context),
                MasterKey.encrypt(dataKey, text, context), context);
            assertArrayEquals(text, opened);
            checked++;
          }
          return checked;
        }));
      }
      for (Future<Integer> result : results) {
        assertEquals(500, result.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName("HMAC-SHA256 under different keys in turn matches a fresh JCA MAC for each")
  void hmacMatchesTheReference() throws Exception {
    for (byte[] key : List.of(MasterKey.randomBytes(32), filled(3), MasterKey.randomBytes(32))) {
      Mac reference = Mac.getInstance("HmacSHA256");
      reference.init(new SecretKeySpec(key, "HmacSHA256"));
      assertArrayEquals(reference.doFinal(TEXT), MasterKey.hmac(key, TEXT));
    }
  }

  private MasterKey masterKey(byte[] key) throws Exception {
    return MasterKey.configured(Config.from(Map.of("DATA_DIR", dataDir.toString(),
        "DATA_KEY", Base64.getEncoder().encodeToString(key)))).orElseThrow();
  }

  private static byte[] filled(int value) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) value);
    return key;
  }
}
