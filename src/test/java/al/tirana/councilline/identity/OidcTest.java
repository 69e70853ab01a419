package al.tirana.councilline.identity;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.support.Await;
import al.tirana.councilline.support.TestApp;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.junit5.VertxExtension;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("An external identity provider")
class OidcTest {

  static final String ISSUER = "https://login.tirana.example";

  @Test
  @DisplayName("is trusted through its JWKS, with its role claim mapped to CouncilLine roles")
  void acceptsProviderTokens(Vertx vertx) throws Exception {
    KeyPair keys = KeyPairGenerator.getInstance("RSA").generateKeyPair();
    JsonObject jwk = jwk((RSAPublicKey) keys.getPublic(), "key-1");
    AtomicInteger jwksFetches = new AtomicInteger();
    HttpServer idp = vertx.createHttpServer().requestHandler(req -> {
      jwksFetches.incrementAndGet();
      req.response().putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("keys", new JsonArray().add(jwk)).encode());
    }).listen(0).await();
    try (TestApp app = TestApp.onFreshDatabase(vertx, Map.of("OIDC_ISSUER", ISSUER,
        "OIDC_JWKS_URL", "http://localhost:" + idp.actualPort() + "/jwks"))) {
      JWTAuth provider = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions()
          .setAlgorithm("RS256").setId("key-1").setBuffer(pem(keys))));

      String staff = provider.generateToken(new JsonObject().put("sub", "ana.desk")
              .put("roles", new JsonArray().add("employees").add("councilline-staff")),
          new JWTOptions().setAlgorithm("RS256").setIssuer(ISSUER).setExpiresInMinutes(5));
      assertThat(app.get("/api/inbox", staff).statusCode()).isEqualTo(200);
      assertThat(app.get("/api/admin/outbox", staff).statusCode()).as("STAFF may list the outbox").isEqualTo(200);
      assertThat(app.post("/api/admin/commissions", staff, new JsonObject().put("name", "X")).statusCode())
          .as("but is no ADMIN").isEqualTo(403);

      String nobody = provider.generateToken(new JsonObject().put("sub", "visitor")
          .put("roles", new JsonArray().add("employees")), new JWTOptions().setAlgorithm("RS256").setIssuer(ISSUER)
          .setExpiresInMinutes(5));
      assertThat(app.get("/api/inbox", nobody).statusCode()).as("no mapped role").isEqualTo(401);

      String expired = provider.generateToken(new JsonObject().put("sub", "ana.desk")
              .put("roles", new JsonArray().add("councilline-staff"))
              .put("exp", System.currentTimeMillis() / 1000 - 60),
          new JWTOptions().setAlgorithm("RS256").setIssuer(ISSUER).setNoTimestamp(true));
      assertThat(app.get("/api/inbox", expired).statusCode()).isEqualTo(401);
      String endless = provider.generateToken(new JsonObject().put("sub", "ana.desk")
              .put("roles", new JsonArray().add("councilline-staff")),
          new JWTOptions().setAlgorithm("RS256").setIssuer(ISSUER));
      assertThat(app.get("/api/inbox", endless).statusCode()).as("a token without exp").isEqualTo(401);

      KeyPair otherKeys = KeyPairGenerator.getInstance("RSA").generateKeyPair();
      JWTAuth impostor = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions()
          .setAlgorithm("RS256").setId("key-1").setBuffer(pem(otherKeys))));
      String forged = impostor.generateToken(new JsonObject().put("sub", "mallory")
          .put("roles", new JsonArray().add("councilline-admin")),
          new JWTOptions().setAlgorithm("RS256").setIssuer(ISSUER).setExpiresInMinutes(5));
      assertThat(app.get("/api/inbox", forged).statusCode()).as("signed with another key").isEqualTo(401);
      assertThat(jwksFetches.get()).as("keys are cached").isLessThanOrEqualTo(2);
    } finally {
      idp.close().await();
    }
  }

  @Test
  @DisplayName("that cannot give its keys (an error, an answer that never ends) gets 503 IDENTITY_PROVIDER_UNAVAILABLE, not a "
      + "database outage or an invalid token; it is asked again after a pause, and made-up key ids do not make "
      + "every request ask it")
  void providerAway(Vertx vertx) throws Exception {
    KeyPair keys = KeyPairGenerator.getInstance("RSA").generateKeyPair();
    JsonObject jwk = jwk((RSAPublicKey) keys.getPublic(), "key-1");
    AtomicReference<String> mode = new AtomicReference<>("error");
    AtomicInteger jwksFetches = new AtomicInteger();
    AtomicInteger tricklesEnded = new AtomicInteger();
    HttpServer idp = vertx.createHttpServer().requestHandler(req -> {
      jwksFetches.incrementAndGet();
      switch (mode.get()) {
        case "error" -> req.response().setStatusCode(500).end("<html>Internal Server Error</html>");
        case "trickle" -> {
          // answers 200 and then a byte every half second, never the end: an idle timeout never fires
          req.response().setChunked(true).putHeader("Content-Type", "application/json").write("{");
          long timer = vertx.setPeriodic(500, id -> {
            if (!req.response().closed()) {
              req.response().write(" ");
            }
          });
          req.response().closeHandler(v -> {
            vertx.cancelTimer(timer);
            tricklesEnded.incrementAndGet();
          });
        }
        default -> req.response().putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("keys", new JsonArray().add(jwk)).encode());
      }
    }).listen(0).await();
    try (TestApp app = TestApp.onFreshDatabase(vertx, Map.of("OIDC_ISSUER", ISSUER,
        "OIDC_JWKS_URL", "http://localhost:" + idp.actualPort() + "/jwks"))) {
      String staff = token(vertx, keys, "key-1", "ana.desk");

      var refused = app.get("/api/inbox", staff);
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.bodyAsJsonObject().getString("error")).isEqualTo("IDENTITY_PROVIDER_UNAVAILABLE");
      assertThat(refused.getHeader("Retry-After")).isEqualTo("5");
      assertThat(jwksFetches.get()).isEqualTo(1);
      var again = app.get("/api/inbox", staff);
      assertThat(again.bodyAsJsonObject().getString("error")).isEqualTo("IDENTITY_PROVIDER_UNAVAILABLE");
      assertThat(jwksFetches.get()).as("not asked again within the pause").isEqualTo(1);

      mode.set("trickle");
      AtomicReference<io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer>> last = new AtomicReference<>();
      Await.until("the provider is asked again after the pause", Duration.ofSeconds(30), () -> {
        last.set(app.get("/api/inbox", staff));
        return jwksFetches.get() == 2;
      });
      // the request that asked the trickling provider was answered once the fetch's deadline passed, not left
      // hanging, and the fetch's connection was given up
      assertThat(last.get().statusCode()).isEqualTo(503);
      assertThat(last.get().bodyAsJsonObject().getString("error")).isEqualTo("IDENTITY_PROVIDER_UNAVAILABLE");
      Await.until("the trickling answer is given up", () -> tricklesEnded.get() == 1);

      mode.set("keys");
      Await.until("the provider's keys are fetched once it answers again", Duration.ofSeconds(30),
          () -> app.get("/api/inbox", staff).statusCode() == 200);
      int fetched = jwksFetches.get();
      KeyPair otherKeys = KeyPairGenerator.getInstance("RSA").generateKeyPair();
      // right after a fetch: they wait for the one fetch at the end of the pause, which does not bring them
      List<Future<Integer>> madeUp = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        madeUp.add(inbox(app, token(vertx, otherKeys, "made-up-" + i, "mallory")));
      }
      assertThat(Future.all(madeUp).timeout(20, TimeUnit.SECONDS).await().<Integer>list()).containsOnly(401);
      assertThat(jwksFetches.get()).as("five made-up key ids at once ask the provider once at most")
          .isLessThanOrEqualTo(fetched + 1);
      assertThat(app.get("/api/inbox", staff).statusCode()).isEqualTo(200);
    } finally {
      idp.close().await();
    }
  }

  @Test
  @DisplayName("that rotates its keys has every token with the new key id wait for the one fetch that brings it, "
      + "also one that comes right after a fetch, none refused meanwhile")
  void rotation(Vertx vertx) throws Exception {
    KeyPair oldKeys = KeyPairGenerator.getInstance("RSA").generateKeyPair();
    KeyPair newKeys = KeyPairGenerator.getInstance("RSA").generateKeyPair();
    AtomicBoolean rotated = new AtomicBoolean();
    List<HttpServerRequest> held = new CopyOnWriteArrayList<>();
    HttpServer idp = vertx.createHttpServer().requestHandler(req -> {
      if (rotated.get()) {
        held.add(req); // answered once the test has a second token waiting
      } else {
        req.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("keys",
            new JsonArray().add(jwk((RSAPublicKey) oldKeys.getPublic(), "key-1"))).encode());
      }
    }).listen(0).await();
    try (TestApp app = TestApp.onFreshDatabase(vertx, Map.of("OIDC_ISSUER", ISSUER,
        "OIDC_JWKS_URL", "http://localhost:" + idp.actualPort() + "/jwks"))) {
      assertThat(app.get("/api/inbox", token(vertx, oldKeys, "key-1", "ana.desk")).statusCode()).isEqualTo(200);
      rotated.set(true);
      String fresh = token(vertx, newKeys, "key-2", "ana.desk");
      // at once, within the pause after the first fetch: the token waits for the fetch at the pause's end instead of
      // being checked against the keys at hand and refused
      Future<Integer> first = inbox(app, fresh);
      Await.until("a token with the new key id brings a fetch", Duration.ofSeconds(20), () -> !held.isEmpty());
      assertThat(first.isComplete()).as("the first token, waiting for the keys").isFalse();
      Future<Integer> second = inbox(app, fresh);
      JsonObject keys = new JsonObject().put("keys", new JsonArray()
          .add(jwk((RSAPublicKey) oldKeys.getPublic(), "key-1")).add(jwk((RSAPublicKey) newKeys.getPublic(), "key-2")));
      held.forEach(req -> req.response().putHeader("Content-Type", "application/json").end(keys.encode()));
      Await.until("both tokens are answered", () -> first.isComplete() && second.isComplete());
      assertThat(first.await()).isEqualTo(200);
      assertThat(second.await()).as("the token that came while the keys were being fetched").isEqualTo(200);
      assertThat(held).hasSize(1);
    } finally {
      idp.close().await();
    }
  }

  private static Future<Integer> inbox(TestApp app, String token) {
    return app.client().get("/api/inbox").bearerTokenAuthentication(token).send().map(r -> r.statusCode());
  }

  static String token(Vertx vertx, KeyPair keys, String kid, String subject) {
    JWTAuth provider = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions()
        .setAlgorithm("RS256").setId(kid).setBuffer(pem(keys))));
    return provider.generateToken(new JsonObject().put("sub", subject)
            .put("roles", new JsonArray().add("councilline-staff")),
        new JWTOptions().setAlgorithm("RS256").setIssuer(ISSUER).setExpiresInMinutes(5));
  }

  static JsonObject jwk(RSAPublicKey key, String kid) {
    return new JsonObject().put("kty", "RSA").put("kid", kid).put("alg", "RS256").put("use", "sig")
        .put("n", unsigned(key.getModulus())).put("e", unsigned(key.getPublicExponent()));
  }

  private static String unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    if (bytes[0] == 0) {
      bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String pem(KeyPair keys) {
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }
}
