package al.tirana.councilline.identity;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.platform.config.Config;
import al.tirana.councilline.support.Await;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("The external identity provider's keys, shared by a node's event loops")
class ExternalIdentityTest {

  /** A verticle that only gives its context: each stands for one of the node's HTTP verticles. */
  private static final class Loop extends VerticleBase {
    Context own() {
      return context;
    }
  }

  @Test
  @DisplayName("answer each caller on its own event loop, also one that waited for a fetch another loop began")
  void answersOnTheCallersContext(Vertx vertx) throws Exception {
    KeyPair keys = KeyPairGenerator.getInstance("RSA").generateKeyPair();
    List<HttpServerRequest> held = new CopyOnWriteArrayList<>();
    HttpServer idp = vertx.createHttpServer().requestHandler(held::add).listen(0).await();
    try {
      ExternalIdentity identity = ExternalIdentity.create(vertx, Config.from(Map.of("OIDC_ISSUER", OidcTest.ISSUER,
          "OIDC_JWKS_URL", "http://localhost:" + idp.actualPort() + "/jwks")));
      String token = OidcTest.token(vertx, keys, "key-1", "ana.desk");
      Loop a = new Loop();
      Loop b = new Loop();
      vertx.deployVerticle(a).await();
      vertx.deployVerticle(b).await();
      assertThat(a.own()).isNotSameAs(b.own());

      Promise<Boolean> onA = Promise.promise();
      Promise<Boolean> onB = Promise.promise();
      Promise<Void> bWaits = Promise.promise();
      a.own().runOnContext(v -> identity.authenticate(token)
          .onComplete(done -> onA.complete(done.succeeded() && Vertx.currentContext() == a.own())));
      Await.until("the first caller's fetch reaches the provider", () -> !held.isEmpty());
      b.own().runOnContext(v -> {
        identity.authenticate(token)
            .onComplete(done -> onB.complete(done.succeeded() && Vertx.currentContext() == b.own()));
        bWaits.complete();
      });
      bWaits.future().await();
      assertThat(held).as("the second caller waits for the same fetch").hasSize(1);
      held.get(0).response().putHeader("Content-Type", "application/json").end(new JsonObject().put("keys",
          new JsonArray().add(OidcTest.jwk((RSAPublicKey) keys.getPublic(), "key-1"))).encode());

      assertThat(Future.all(onA.future(), onB.future()).map(all -> List.of(onA.future().result(),
          onB.future().result())).await()).as("authenticated, each on its own context").containsExactly(true, true);
    } finally {
      idp.close().await();
    }
  }
}
