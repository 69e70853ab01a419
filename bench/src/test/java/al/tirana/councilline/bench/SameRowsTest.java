package al.tirana.councilline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.support.Await;
import al.tirana.councilline.support.CaughtUp;
import al.tirana.councilline.support.StartedApp;
import al.tirana.councilline.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("P1's same-rows baseline")
class SameRowsTest {

  @Test
  @DisplayName("records a window of submissions in the embedded server's log and replays its writes raw, writing "
      + "the same rows per table as the window did")
  void replaysTheRowsTheWindowWrote(Vertx vertx, @StartedApp.Fresh(embedded = true) TestApp app,
      @StartedApp.Commission("Benchmark Commission") String commission) throws Exception {
    JsonObject body = Load.submission(commission);
    WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("localhost")
        .setDefaultPort(app.config().httpPort()));
    // a first round, so that the tables the projections and workers update have rows to update
    Load.closedLoop(vertx, client, body, 4, Duration.ofSeconds(1), n -> { });
    settled(app);

    SameRows.Measured measured = SameRows.measure(app.app().database().jdbc(), () -> {
      long submitted = Load.closedLoop(vertx, client, body, 4, Duration.ofSeconds(2), n -> { })
          .latency().getTotalCount();
      settled(app);
      return submitted;
    });

    assertThat(measured.submissions()).isPositive();
    assertThat(measured.replay().failed()).as(String.valueOf(measured.replay().firstFailures())).isZero();
    assertThat(measured.sessions().transactions()).isPositive();
    assertThat(measured.replay().transactions()).isEqualTo(measured.sessions().transactions());
    assertThat(measured.perSecond()).isPositive();
    Map<String, long[]> window = measured.windowRows();
    Map<String, long[]> replay = measured.replayRows();
    assertThat(window.get("domain_event_entry")[0]).isEqualTo(2 * measured.submissions());
    for (Map.Entry<String, long[]> table : window.entrySet()) {
      long[] replayed = replay.getOrDefault(table.getKey(), new long[3]);
      if (table.getKey().equals("rate_limit_window")) {
        // One row per key and minute of the database's clock, written by an upsert and swept once its minute has
        // passed: the replay runs in a minute the window may not have, where an upsert that updated the window's
        // row inserts the replay's, and the sweep finds the copied rows of a minute now past.
        assertThat(replayed[0] + replayed[1]).as("rows upserted into rate_limit_window")
            .isEqualTo(table.getValue()[0] + table.getValue()[1]);
        continue;
      }
      assertThat(replayed[2]).as("rows deleted from " + table.getKey()).isEqualTo(table.getValue()[2]);
      assertThat(replayed[0]).as("rows inserted into " + table.getKey()).isEqualTo(table.getValue()[0]);
      // The idle processors' token claims go on while the statistics settle, and a backend that flushed its
      // statistics less than a second before holds the next ones back for ten: claims logged before a marker can be
      // counted after the reading next to it, or the other way round. Every other row is counted exactly.
      long slack = table.getKey().equals("token_entry") ? table.getValue()[1] / 10 : 0;
      assertThat(replayed[1]).as("rows updated in " + table.getKey())
          .isBetween(table.getValue()[1] - slack, table.getValue()[1] + slack);
    }
    assertThat(replay.keySet()).isSubsetOf(window.keySet());
    client.close();
  }

  /**
   * The projections have caught up and the mail sender has marked every mail they queued: the sender works on its
   * own timer, and a mark that falls between a statistics reading and the marker next to it would be counted on one
   * side and replayed on the other.
   */
  private static void settled(TestApp app) throws Exception {
    CaughtUp.all(app);
    Await.until("the mail sender has marked every queued mail", () -> app.count(
        "SELECT count(*) FROM mail_outbox WHERE status = 'PENDING' OR status = 'SENDING'") == 0);
  }
}
