package al.tirana.councilline.identity;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.platform.keys.MasterKey;
import al.tirana.councilline.platform.keys.MasterKey;
import al.tirana.councilline.support.StartedApp;
import al.tirana.councilline.support.StoredSigningKeys;
import al.tirana.councilline.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@StartedApp(settings = {"LOCKOUT_THRESHOLD=3", "LOCKOUT_MINUTES=5"})
@DisplayName("Login tokens")
class TokenSecurityTest {

  @StartedApp.Node
  private static TestApp app;
  @StartedApp.Admin
  private static String admin;
  private static JWTAuth issuer;
  private static String publicPem;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    // the RS256 key pair the node keeps in its database, its private half opened with the master key
    StoredSigningKeys.Pair keys = StoredSigningKeys.newest(app);
    String privatePem = keys.privatePem();
    publicPem = keys.publicPem();
    issuer = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions().setAlgorithm("RS256")
        .setBuffer(privatePem)));
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  /** Signed like the node signs (RS256, its private key), with whatever claims the test wants. */
  private static String signed(JsonObject claims) {
    return issuer.generateToken(claims, new JWTOptions().setAlgorithm("RS256").setNoTimestamp(true));
  }

  private static String unsigned(String alg, JsonObject claims) {
    return b64(new JsonObject().put("alg", alg).put("typ", "JWT").encode()) + "." + b64(claims.encode()) + ".";
  }

  /** The classic confusion attack: HS256 "signed" with the public key as the shared secret. */
  private static String confused(JsonObject claims) {
    String unsigned = b64(new JsonObject().put("alg", "HS256").put("typ", "JWT").encode()) + "."
        + b64(claims.encode());
    byte[] signature = MasterKey.hmac(publicPem.getBytes(StandardCharsets.US_ASCII),
        unsigned.getBytes(StandardCharsets.US_ASCII));
    return unsigned + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
  }

  private static JsonObject adminClaims() {
    long now = Instant.now().getEpochSecond();
    return new JsonObject().put("sub", "admin").put("role", "ADMIN").put("jti", UUID.randomUUID().toString())
        .put("iss", "councilline").put("iat", now).put("exp", now + 600);
  }

  private static int status(String token) {
    return app.get("/api/admin/holidays", token).statusCode();
  }

  @Test
  @DisplayName("refuse a bad signature, an expired token, a wrong issuer, alg none and HS256 key confusion with 401")
  void tampering() {
    assertThat(status(signed(adminClaims()))).as("a well-made token works").isEqualTo(200);
    String good = signed(adminClaims());
    String badSignature = good.substring(0, good.length() - 4) + (good.endsWith("AAAA") ? "BBBB" : "AAAA");
    assertThat(status(badSignature)).isEqualTo(401);
    long past = Instant.now().getEpochSecond() - 3600;
    assertThat(status(signed(adminClaims().put("iat", past - 60).put("exp", past)))).isEqualTo(401);
    assertThat(status(signed(adminClaims().put("iss", "somebody-else")))).isEqualTo(401);
    assertThat(status(unsigned("none", adminClaims()))).isEqualTo(401);
    assertThat(status(confused(adminClaims()))).isEqualTo(401);
    HttpResponse<Buffer> refused = app.get("/api/admin/holidays", unsigned("none", adminClaims()));
    assertThat(refused.bodyAsJsonObject().getString("error")).isEqualTo("UNAUTHORIZED");
    assertThat(refused.bodyAsString()).doesNotContain("Sekretaria").doesNotContain("day");
  }

  @Test
  @DisplayName("hold back an address after repeated failures on an account, even with the right password, and say so")
  void throttledAfterFailures() throws Exception {
    app.createUser(admin, "desk.lock", "STAFF", null);
    for (int i = 0; i < 3; i++) {
      assertThat(app.post("/api/auth/login", null, new JsonObject().put("username", "desk.lock")
          .put("password", "not-the-password")).statusCode()).isEqualTo(401);
    }
    HttpResponse<Buffer> held = app.post("/api/auth/login", null, new JsonObject().put("username", "desk.lock")
        .put("password", "password-of-desk.lock"));
    assertThat(held.statusCode()).isEqualTo(429);
    assertThat(held.bodyAsJsonObject().getString("error")).isEqualTo("RATE_LIMITED");
    assertThat(Long.parseLong(held.getHeader("Retry-After"))).isBetween(1L, 30L);
    assertThat(app.count("SELECT count(*) FROM security_event WHERE username = 'desk.lock' "
        + "AND kind = 'LOGIN_THROTTLED'")).isEqualTo(1);
    assertThat(app.count("SELECT count(*) FROM security_event WHERE username = 'desk.lock' AND kind = 'LOGIN_FAILED'"))
        .isEqualTo(2);
  }

  @Test
  @DisplayName("refuse a token signed with the node's key but without an expiry with 401")
  void tokenWithoutExpiry() {
    JsonObject claims = adminClaims();
    claims.remove("exp");
    assertThat(status(signed(adminClaims()))).as("the same token with exp works").isEqualTo(200);
    HttpResponse<Buffer> refused = app.get("/api/admin/holidays", signed(claims));
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.bodyAsJsonObject().getString("error")).isEqualTo("UNAUTHORIZED");
  }

  @Test
  @DisplayName("refresh with rotation, and logout revokes both the access token and the refresh token")
  void refreshAndLogout() {
    app.createUser(admin, "desk.session", "STAFF", null);
    JsonObject session = app.post("/api/auth/login", null, new JsonObject().put("username", "desk.session")
        .put("password", "password-of-desk.session")).bodyAsJsonObject();
    JsonObject refreshed = app.post("/api/auth/refresh", null,
        new JsonObject().put("refreshToken", session.getString("refreshToken"))).bodyAsJsonObject();
    assertThat(refreshed.getString("token")).isNotEqualTo(session.getString("token"));
    assertThat(app.post("/api/auth/refresh", null, new JsonObject().put("refreshToken",
        session.getString("refreshToken"))).statusCode()).as("a used refresh token is spent").isEqualTo(401);

    String token = refreshed.getString("token");
    assertThat(app.get("/api/inbox", token).statusCode()).isEqualTo(200);
    assertThat(app.post("/api/auth/logout", token, null).statusCode()).isEqualTo(204);
    assertThat(app.get("/api/inbox", token).statusCode()).isEqualTo(401);
    assertThat(app.post("/api/auth/refresh", null, new JsonObject().put("refreshToken",
        refreshed.getString("refreshToken"))).statusCode()).isEqualTo(401);
  }
}
