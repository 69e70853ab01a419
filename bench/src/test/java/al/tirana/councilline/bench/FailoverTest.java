package al.tirana.councilline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.platform.db.Database;
import al.tirana.councilline.support.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("The benchmark's P7")
class FailoverTest {

  @Test
  @Timeout(value = 8, unit = TimeUnit.MINUTES) // two more JVMs start here, each a node with its own migrations check
  @DisplayName("kills one of two real nodes under load, retries on the other and finds nothing lost or doubled")
  void killsANodeUnderLoad(Vertx vertx) throws Exception {
    String url = TestDatabase.freshDatabaseUrl();
    Nodes.Child c = Nodes.Child.start(Nodes.environment(Nodes.tempDir("test-c"), url), "256m",
        Nodes.logFile("test-c"));
    Nodes.Child d = null;
    try {
      c.awaitHealthy(vertx, System.nanoTime(), Duration.ofSeconds(120));
      d = Nodes.Child.start(Nodes.environment(Nodes.tempDir("test-d"), url), "256m", Nodes.logFile("test-d"));
      d.awaitHealthy(vertx, System.nanoTime(), Duration.ofSeconds(120));
      WebClient client = Failover.client(vertx, c.port());
      String admin = Benchmark.login(client, "admin", Nodes.ADMIN_PASSWORD);
      String commission = client.post("/api/admin/commissions").bearerTokenAuthentication(admin)
          .sendJson(new JsonObject().put("name", "Failover Commission")).await().bodyAsJsonObject().getString("id");
      client.close();

      Failover.Outcome outcome = Failover.run(vertx, Database.Parsed.of(url), Load.submission(commission), c, d, 20,
          Duration.ofSeconds(3), Duration.ofSeconds(3));

      assertThat(d.process().isAlive()).as("the second node was killed").isFalse();
      assertThat(outcome.sent()).isEqualTo(120);
      assertThat(outcome.acknowledged()).as("every submission acknowledged, by one node or the other")
          .isEqualTo(outcome.sent());
      assertThat(outcome.retries()).as("submissions sent to the dead node went to the other").isGreaterThan(0);
      assertThat(outcome.lost()).isZero();
      assertThat(outcome.doubled()).isZero();
      assertThat(outcome.unanswered()).isZero();
      assertThat(outcome.afterKill().getTotalCount()).as("latencies timed after the kill").isPositive();
      // a submission the schedule sends late (a busy machine) falls outside both timed windows
      assertThat(outcome.beforeKill().getTotalCount() + outcome.afterKill().getTotalCount()).isBetween(1L, 120L);
    } finally {
      c.stop();
      if (d != null) {
        d.stop();
      }
    }
  }
}
