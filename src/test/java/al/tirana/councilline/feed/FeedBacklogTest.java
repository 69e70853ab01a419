package al.tirana.councilline.feed;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.support.SseClient;
import al.tirana.councilline.support.TestApp;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Resuming a live stream")
class FeedBacklogTest {

  private static TestApp app;
  private static Vertx vertx;
  private static String youth;

  @BeforeAll
  static void start(Vertx v) throws Exception {
    vertx = v;
    app = TestApp.onFreshDatabase(vertx);
    youth = app.createCommission(app.adminToken(), "Youth Commission");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private int port() {
    return app.config().httpPort();
  }

  @Test
  @DisplayName("a client far behind gets its whole backlog, page after page, without a hole")
  void longBacklog() throws Exception {
    for (int batch = 0; batch < 6; batch++) {
      Future.all(IntStream.range(0, 100)
          .mapToObj(i -> app.sendAsync(app.client().post("/api/requests"), null,
              TestApp.submission("COMMISSION", youth)))
          .toList()).await();
    }
    Instant deadline = Instant.now().plusSeconds(10);
    long total = 0;
    while (Instant.now().isBefore(deadline)) {
      total = app.count("SELECT count(*) FROM feed_item");
      if (total >= 600 && total == app.count("SELECT count(*) FROM domain_event_entry "
          + "WHERE payload_type NOT LIKE '%InternalNoteAdded' AND payload_type LIKE '%RequestEvent%'")) {
        break;
      }
      Thread.sleep(50);
    }
    long expected = total;
    try (SseClient all = SseClient.connect(vertx, port(), "/api/feed/stream?since=0", null, null)) {
      Instant until = Instant.now().plusSeconds(10);
      while (all.events().size() < expected && Instant.now().isBefore(until)) {
        Thread.sleep(20);
      }
      List<Long> ids = all.events().stream().map(SseClient.Event::id).toList();
      assertThat(ids).hasSize((int) expected).isSorted().doesNotHaveDuplicates();
      assertThat(ids.get(ids.size() - 1)).isEqualTo(app.count("SELECT max(position) FROM feed_item"));
    }
  }

}
