package al.tirana.councilline.identity;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.support.StoredSigningKeys;
import al.tirana.councilline.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@DisplayName("Token signing keys kept in the database")
class SigningKeyRotationTest {

  @Test
  @DisplayName("after a rotation new tokens carry the new kid, old tokens work on every node until they expire, and "
      + "the JWK set lists both keys, which verify the tokens outside CouncilLine")
  void rotation(Vertx vertx) throws Exception {
    try (TestApp a = TestApp.onFreshDatabase(vertx); TestApp b = TestApp.onDatabase(vertx, a.databaseUrl())) {
      String before = a.adminToken();
      String oldKid = kid(before);
      assertThat(kids(a)).containsExactly(oldKid);

      HttpResponse<Buffer> rotated = a.post("/api/admin/keys/rotate", before, null);
      assertThat(rotated.statusCode()).as(rotated.bodyAsString()).isEqualTo(201);
      String newKid = rotated.bodyAsJsonObject().getString("kid");
      assertThat(newKid).isNotEqualTo(oldKid);

      String after = a.adminToken();
      assertThat(kid(after)).as("the new key signs").isEqualTo(newKid);
      for (TestApp node : List.of(a, b)) {
        assertThat(node.get("/api/admin/users", before).statusCode()).as("the old token").isEqualTo(200);
        assertThat(node.get("/api/admin/users", after).statusCode()).as("the new token, on a node that did not "
            + "rotate too").isEqualTo(200);
      }
      assertThat(kids(a)).containsExactlyInAnyOrder(oldKid, newKid);
      assertThat(kids(b)).containsExactlyInAnyOrder(oldKid, newKid);

      JsonObject jwks = a.get("/.well-known/jwks.json", null).bodyAsJsonObject();
      for (Object key : jwks.getJsonArray("keys")) {
        JsonObject jwk = (JsonObject) key;
        assertThat(jwk.fieldNames()).containsExactlyInAnyOrder("kty", "kid", "use", "alg", "n", "e");
        assertThat(jwk.getString("kty")).isEqualTo("RSA");
        assertThat(jwk.getString("use")).isEqualTo("sig");
        assertThat(jwk.getString("alg")).isEqualTo("RS256");
      }
      JWTAuth outside = JWTAuth.create(vertx, new JWTAuthOptions().setJwks(
          jwks.getJsonArray("keys").stream().map(JsonObject.class::cast).toList()));
      for (String token : List.of(before, after)) {
        assertThat(outside.authenticate(new TokenCredentials(token)).await().principal().getString("sub"))
            .isEqualTo("admin");
      }

      // a token of the old key is valid only until it expires
      StoredSigningKeys.Pair old = StoredSigningKeys.all(a.databaseUrl(), a.config()).stream()
          .filter(pair -> pair.kid().equals(oldKid)).findFirst().orElseThrow();
      JWTAuth oldSigner = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions()
          .setAlgorithm("RS256").setId(oldKid).setBuffer(old.privatePem())));
      long now = Instant.now().getEpochSecond();
      String live = signed(oldSigner, now + 300);
      String expired = signed(oldSigner, now - 60);
      assertThat(kid(live)).isEqualTo(oldKid);
      assertThat(a.get("/api/admin/users", live).statusCode()).isEqualTo(200);
      assertThat(a.get("/api/admin/users", expired).statusCode()).isEqualTo(401);
      assertThat(b.get("/api/admin/users", expired).statusCode()).isEqualTo(401);

      // once the longest token lifetime has passed since a newer key replaced it, a key is retired
      try (Connection c = a.jdbc(); PreparedStatement ps = c.prepareStatement(
          "UPDATE token_signing_key SET created_at = created_at - interval '2 days'")) {
        ps.executeUpdate();
      }
      String newest = a.post("/api/admin/keys/rotate", after, null).bodyAsJsonObject().getString("kid");
      assertThat(kids(a)).containsExactlyInAnyOrder(newKid, newest);
      assertThat(a.get("/api/admin/users", live).statusCode()).as("a token of a retired key").isEqualTo(401);
      assertThat(a.get("/api/admin/users", after).statusCode()).isEqualTo(200);
    }
  }

  @Test
  @DisplayName("a node upgraded from key files in DATA_DIR/jwt imports that pair once, so tokens issued before the "
      + "upgrade keep working")
  void importsTheKeyFilesOfEarlierVersions(Vertx vertx, @TempDir Path dataDir) throws Exception {
    KeyPair pair = newPair();
    Path jwt = Files.createDirectories(dataDir.resolve("jwt"));
    String privatePem = writePems(pair, jwt.resolve("jwt-private.pem"), jwt.resolve("jwt-public.pem"));
    // as the earlier version signed: RS256 with that pair and no kid
    String issuedBefore = signed(JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions()
        .setAlgorithm("RS256").setBuffer(privatePem))), Instant.now().getEpochSecond() + 300);

    try (TestApp app = TestApp.onFreshDatabase(vertx, Map.of("DATA_DIR", dataDir.toString()))) {
      assertThat(app.get("/api/admin/users", issuedBefore).statusCode()).isEqualTo(200);
      assertThat(StoredSigningKeys.newest(app).publicPem().replaceAll("\\s", ""))
          .isEqualTo(pem("PUBLIC KEY", pair.getPublic().getEncoded()).replaceAll("\\s", ""));
      assertThat(kid(app.adminToken())).isEqualTo(kids(app).get(0));
    }
  }

  @Test
  @DisplayName("JWT_PRIVATE_KEY_FILE and JWT_PUBLIC_KEY_FILE stay an explicit override; such keys are not rotated "
      + "through the API")
  void keyFilesOverride(Vertx vertx, @TempDir Path dir) throws Exception {
    Path privateFile = dir.resolve("private.pem");
    Path publicFile = dir.resolve("public.pem");
    writePems(newPair(), privateFile, publicFile);
    try (TestApp app = TestApp.onFreshDatabase(vertx, Map.of("JWT_PRIVATE_KEY_FILE", privateFile.toString(),
        "JWT_PUBLIC_KEY_FILE", publicFile.toString()))) {
      String token = app.adminToken();
      JWTAuth fromFile = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions()
          .setAlgorithm("RS256").setBuffer(Files.readString(publicFile))));
      assertThat(fromFile.authenticate(new TokenCredentials(token)).await().principal().getString("sub"))
          .isEqualTo("admin");
      HttpResponse<Buffer> refused = app.post("/api/admin/keys/rotate", token, null);
      assertThat(refused.statusCode()).isEqualTo(409);
      assertThat(refused.bodyAsJsonObject().getString("error")).isEqualTo("KEYS_FROM_CONFIGURATION");
      assertThat(app.count("SELECT count(*) FROM token_signing_key")).isZero();
    }
  }

  private static KeyPair newPair() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }

  /** Writes the pair as PEM files, as operators and earlier versions did; returns the private one's text. */
  private static String writePems(KeyPair pair, Path privateFile, Path publicFile) throws Exception {
    String privatePem = pem("PRIVATE KEY", pair.getPrivate().getEncoded());
    Files.writeString(privateFile, privatePem);
    Files.writeString(publicFile, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    return privatePem;
  }

  private static String signed(JWTAuth signer, long exp) {
    long now = Instant.now().getEpochSecond();
    return signer.generateToken(new JsonObject().put("sub", "admin").put("role", "ADMIN")
            .put("jti", UUID.randomUUID().toString()).put("iss", Accounts.ISSUER).put("iat", Math.min(now, exp - 60))
            .put("exp", exp), new JWTOptions().setAlgorithm("RS256").setNoTimestamp(true));
  }

  private static List<String> kids(TestApp app) {
    JsonArray keys = app.get("/.well-known/jwks.json", null).bodyAsJsonObject().getJsonArray("keys");
    return keys.stream().map(key -> ((JsonObject) key).getString("kid")).toList();
  }

  private static String kid(String token) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
        StandardCharsets.UTF_8)).getString("kid");
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
