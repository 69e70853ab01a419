package al.tirana.councilline.identity;

import al.tirana.councilline.core.Config;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The keys that sign and verify login tokens. RS256 with the key pair from JWT_PRIVATE_KEY_FILE and
 * JWT_PUBLIC_KEY_FILE, or one generated once into DATA_DIR/jwt (nodes must then share those files); HS256 only
 * when an operator explicitly sets JWT_SECRET.
 */
public final class SigningKeys {

  private SigningKeys() {
  }

  public record Keys(String algorithm, JWTAuthOptions options) {
  }

  public static Keys load(Config config) throws IOException {
    JWTOptions verification = new JWTOptions().setIssuer(Accounts.ISSUER);
    if (config.jwtSecret().isPresent() && config.jwtPrivateKeyFile().isEmpty()) {
      return new Keys("HS256", new JWTAuthOptions().setJWTOptions(verification)
          .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(config.jwtSecret().get())));
    }
    Path privateFile;
    Path publicFile;
    if (config.jwtPrivateKeyFile().isPresent()) {
      privateFile = Path.of(config.jwtPrivateKeyFile().get());
      publicFile = Path.of(config.jwtPublicKeyFile().orElseThrow(() ->
          new IllegalArgumentException("JWT_PUBLIC_KEY_FILE must accompany JWT_PRIVATE_KEY_FILE")));
    } else {
      Path dir = config.dataDir().resolve("jwt");
      privateFile = dir.resolve("jwt-private.pem");
      publicFile = dir.resolve("jwt-public.pem");
      if (!Files.exists(privateFile)) {
        generate(dir, privateFile, publicFile);
      }
    }
    String privatePem = Files.readString(privateFile, StandardCharsets.US_ASCII);
    String publicPem = Files.readString(publicFile, StandardCharsets.US_ASCII);
    return new Keys("RS256", new JWTAuthOptions().setJWTOptions(verification)
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("RS256").setBuffer(privatePem))
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("RS256").setBuffer(publicPem)));
  }

  private static void generate(Path dir, Path privateFile, Path publicFile) throws IOException {
    KeyPair pair;
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      pair = generator.generateKeyPair();
    } catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException(ex);
    }
    Files.createDirectories(dir);
    Path temporary = dir.resolve("jwt-private.pem.tmp");
    Files.writeString(temporary, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
    try {
      Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException ignored) {
      // not a POSIX file system: permissions are the operator's to set
    }
    Files.writeString(publicFile, pem("PUBLIC KEY", pair.getPublic().getEncoded()), StandardCharsets.US_ASCII);
    // the private key appears last and whole, so a crash never leaves half a key pair behind
    Files.move(temporary, privateFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
