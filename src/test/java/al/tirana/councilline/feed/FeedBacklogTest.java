package al.tirana.councilline.feed;

import al.tirana.councilline.platform.live.LiveStream;
import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.support.Await;
import al.tirana.councilline.support.CaughtUp;
import al.tirana.councilline.support.SseClient;
import al.tirana.councilline.support.StartedApp;
import al.tirana.councilline.support.TestApp;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@StartedApp
@DisplayName("Resuming a live stream")
class FeedBacklogTest {

  @StartedApp.Node
  private static TestApp app;
  @StartedApp.Admin
  private static String admin;
  private static Vertx vertx;
  private static String youth;

  @BeforeAll
  static void start(Vertx v) throws Exception {
    vertx = v;
    youth = app.createCommission(admin, "Youth Commission");
  }

  private int port() {
    return app.config().httpPort();
  }

  @Test
  @DisplayName("a client far behind gets its whole backlog, page after page, without a hole")
  void longBacklog() throws Exception {
    long accepted = 0;
    for (int batch = 0; batch < 6; batch++) {
      accepted += Future.all(IntStream.range(0, 100)
          .mapToObj(i -> app.sendAsync(app.client().post("/api/requests"), null,
              TestApp.submission("COMMISSION", youth)))
          .toList()).await().<HttpResponse<?>>list().stream().filter(r -> r.statusCode() == 201).count();
    }
    CaughtUp.processors(Set.of(FeedProjection.NAME), app);
    long expected = app.count("SELECT count(*) FROM feed_item");
    assertThat(accepted).as("submissions accepted").isGreaterThan(0);
    assertThat(expected).as("one feed item per accepted submission").isGreaterThanOrEqualTo(accepted).isEqualTo(app.count("SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE '%$RequestSubmitted'"));
    try (SseClient all = SseClient.connect(vertx, port(), "/api/feed/stream?since=0", null, null)) {
      long newest = app.count("SELECT max(position) FROM feed_item");
      all.await(e -> e.id() == newest, Await.TIMEOUT); // the backlog's last item, so all before it were sent
      List<Long> ids = all.events().stream().map(SseClient.Event::id).toList();
      assertThat(ids).hasSize((int) expected).isSorted().doesNotHaveDuplicates();
      assertThat(ids.get(ids.size() - 1)).isEqualTo(app.count("SELECT max(position) FROM feed_item"));
    }
  }

  @Test
  @DisplayName("every read of a change log walks its position index, also on the plan a prepared read settles on")
  void readsWalkThePositionIndex() throws Exception {
    try (Connection c = app.jdbc(); Statement st = c.createStatement()) {
      for (LiveStream stream : LiveStream.values()) {
        String table = stream.after(null, 500).replaceAll("(?s).* FROM (\\w+)\\) s .*", "$1");
        // a private copy with a few thousand rows: temporary tables come first on the search path
        st.execute("CREATE TEMP TABLE " + table + " (LIKE public." + table + " INCLUDING ALL)");
        st.execute("INSERT INTO " + table + " (number, type, at, " + (stream == LiveStream.FEED ? "text, data"
            : stream == LiveStream.TRACKING ? "status, summary" : "addressee_type, addressee_id")
            + ") SELECT 'TR-' || g, 'RequestSubmitted', now(), " + (stream == LiveStream.FEED ? "'x', '{}'"
            : "'SUBMITTED', 'x'") + " FROM generate_series(1, 5000) g");
        // not analysed yet, as a young log between two autovacuum runs
        st.execute("SET plan_cache_mode = force_generic_plan");
        st.execute("PREPARE read_" + table + "(bigint) AS " + stream.after(null, 500));
        StringBuilder plan = new StringBuilder();
        try (ResultSet rs = st.executeQuery("EXPLAIN EXECUTE read_" + table + "(4990)")) {
          while (rs.next()) {
            plan.append(rs.getString(1)).append('\n');
          }
        }
        assertThat(plan.toString()).as(stream + ": " + plan).contains("Index").doesNotContain("Seq Scan");
      }
    }
  }
}
