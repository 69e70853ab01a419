package al.tirana.councilline.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import al.tirana.councilline.platform.config.Config;
import al.tirana.councilline.support.FreePorts;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;
import io.vertx.junit5.VertxExtension;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("The contract loaded once per node")
class HttpContractTest {

  private static final int INSTANCES = 2;
  private static final String PROBE = "X-Probe";
  private static final String PATH = "/api/requests/TR-2026-000042/assign";

  @Test
  @DisplayName("lets every HTTP verticle instance serve the contract's routes and refuse bad input with its checks")
  void sharedByEveryInstance(Vertx vertx) throws Exception {
    HttpContract contract = HttpContract.load(vertx).await();
    int port = FreePorts.pick();
    Map<String, String> threadOf = new ConcurrentHashMap<>();
    // a root handler: it sees every request, the refused ones included, on the instance that serves it
    AuthenticationHandler nobody = ctx -> {
      threadOf.put(ctx.request().getHeader(PROBE), Thread.currentThread().getName());
      ctx.next();
    };
    // the health check is the only user of the pool, and it is not asked here
    vertx.deployVerticle(() -> new HttpVerticle(Config.from(Map.of("HTTP_PORT", String.valueOf(port))), null,
            nobody, operation -> ctx -> ctx.next(), List.of(new Assign()), contract),
        new DeploymentOptions().setInstances(INSTANCES)).await();
    // a connection per request: the server hands new connections to its instances in turn
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));

    Set<String> accepted = new HashSet<>();
    Set<String> refused = new HashSet<>();
    for (int i = 0; i < 4 * INSTANCES; i++) {
      // the order alternates, so that each kind of request comes on connections of every instance
      for (boolean valid : i % 2 == 0 ? new boolean[] {true, false} : new boolean[] {false, true}) {
        String probe = i + (valid ? "-valid" : "-invalid");
        JsonObject answer = post(client, port, probe, valid ? "{\"counselorId\":\"c-1\"}" : "{\"counselorId\":7}");
        if (valid) {
          assertThat(answer.getInteger("status")).as(probe).isEqualTo(200);
          accepted.add(threadOf.get(probe));
        } else {
          assertThat(answer.getInteger("status")).as(probe).isEqualTo(400);
          assertThat(answer.getJsonObject("body").getString("error")).isNotBlank();
          refused.add(threadOf.get(probe));
        }
      }
    }

    // closing the client also keeps it reachable until the last answer: Vert.x closes a client, with its
    // connections, once the garbage collector finds it unreachable, even while a request awaits its answer
    client.close().await();
    assertThat(accepted).hasSize(INSTANCES).doesNotContainNull();
    assertThat(refused).isEqualTo(accepted);
  }

  @Test
  @DisplayName("fails with the library's cause when the contract cannot be read, so the start-up fails with it")
  void failureKeepsItsCause(Vertx vertx) {
    assertThatThrownBy(() -> HttpContract.load(vertx, "no-such-contract.yaml").await())
        .hasMessageContaining("no-such-contract.yaml");
  }

  /** Answers one operation of the contract, as a feature does. */
  static final class Assign implements Routes {

    @Operation("assignRequest")
    void assign(RoutingContext ctx) {
      Http.send(ctx, 200, new JsonObject().put("assigned", true));
    }
  }

  private static JsonObject post(HttpClient client, int port, String probe, String body) {
    return client.request(new RequestOptions().setMethod(HttpMethod.POST).setPort(port).setHost("localhost")
            .setURI(PATH).putHeader("Content-Type", "application/json").putHeader(PROBE, probe))
        .compose(request -> request.send(body))
        .compose(response -> response.body().map(buffer -> new JsonObject().put("status", response.statusCode())
            .put("body", buffer.toJsonObject())))
        .await();
  }
}
