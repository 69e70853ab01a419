package al.tirana.councilline.guidance;

import static al.tirana.councilline.support.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.platform.config.Config;
import al.tirana.councilline.platform.runtime.StartRefused;
import al.tirana.councilline.shared.Status;
import al.tirana.councilline.support.TestApp;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("The demo (--demo or DEMO=1)")
class DemoTest {

  private static List<String> column(TestApp app, String sql) throws Exception {
    List<String> values = new ArrayList<>();
    try (Connection c = app.jdbc(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }

  @Test
  @DisplayName("is asked for by DEMO=1 as well as by --demo")
  void configured() {
    assertThat(Config.from(Map.of("DEMO", "1")).demo()).isTrue();
    assertThat(Config.from(Map.of()).demo()).isFalse();
  }

  @Test
  @DisplayName("on an empty database makes a sample council, requests in every status over the last weeks, ratings "
      + "and a success story, all saying they are a demo, then keeps submitting; and refuses a second time")
  void demoCouncil(Vertx vertx) throws Exception {
    try (TestApp app = TestApp.onFreshDatabase(vertx)) {
      Demo demo = Demo.start(vertx, app.app().axon(), app.app().database(), Duration.ofMillis(500)).await();
      try {
        Demo.Council council = demo.council();
        String admin = app.adminToken();

        JsonArray commissions = app.get("/api/commissions", null).bodyAsJsonArray();
        assertThat(commissions).hasSize(5);
        commissions.forEach(c -> {
          assertThat(((JsonObject) c).getString("name")).endsWith("(demo)");
          assertThat(((JsonObject) c).getJsonArray("policyAreas")).isNotEmpty();
        });
        JsonArray counselors = app.get("/api/counselors", null).bodyAsJsonArray();
        assertThat(counselors).hasSize(6);
        counselors.forEach(c -> assertThat(((JsonObject) c).getString("fullName")).endsWith("(demo)"));
        // the printed passwords open the accounts
        assertThat(council.accounts()).hasSize(8).allSatisfy((username, password) ->
            assertThat(username).startsWith("demo."));
        council.accounts().forEach((username, password) -> assertThat(app.login(username, password)).isNotBlank());

        List<String> numbers = column(app, "SELECT number FROM request_view ORDER BY number");
        assertThat(numbers).hasSizeGreaterThanOrEqualTo(Status.values().length * Demo.PER_STATUS);
        Set<String> statuses = new HashSet<>(column(app, "SELECT DISTINCT status FROM request_view"));
        for (Status status : Status.values()) {
          assertThat(statuses).as("a request " + status).contains(status.name());
        }
        Instant oldest = Instant.parse(column(app, "SELECT to_char(min(submitted_at) AT TIME ZONE 'UTC', "
            + "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM request_view").get(0));
        assertThat(oldest).as("spread over the last weeks").isBefore(Instant.now().minus(Duration.ofDays(10)));
        assertThat(app.count("SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE '%CitizenRatedResponse'"))
            .isGreaterThanOrEqualTo(Demo.PER_STATUS);
        JsonArray stories = app.get("/api/success-stories", null).bodyAsJsonArray();
        assertThat(stories).isNotEmpty();
        assertThat(stories.getJsonObject(0).encode()).contains("[DEMO]");
        for (String number : numbers.subList(0, Status.values().length * Demo.PER_STATUS)) {
          JsonObject full = app.get("/api/requests/" + number, admin).bodyAsJsonObject();
          assertThat(full.getString("subject")).as(number).startsWith("[DEMO] ");
          assertThat(full.getJsonObject("citizen").getString("lastName")).endsWith("(demo)");
        }

        // alive: new requests keep coming
        int seeded = numbers.size();
        eventually(() -> app.count("SELECT count(*) FROM request_view") >= seeded + 2);
        assertThat(app.count("SELECT count(*) FROM request_view WHERE submitted_at > now() - interval '1 minute'"))
            .isGreaterThanOrEqualTo(2);

        Future<Demo> again = Demo.start(vertx, app.app().axon(), app.app().database(), Duration.ofSeconds(1));
        Throwable refused = again.transform(done -> Future.succeededFuture(done.cause())).await();
        assertThat(refused).isInstanceOf(StartRefused.class).hasMessageContaining("without requests");
      } finally {
        demo.stop();
      }
    }
  }
}
