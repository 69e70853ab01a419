package al.tirana.councilline.identity;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Rate limits")
class RateLimitTest {

  @Test
  @DisplayName("refuse anonymous submissions and logins beyond the limit with 429 and Retry-After, but not desk staff")
  void limits(Vertx vertx) throws Exception {
    try (TestApp app = TestApp.onFreshDatabase(vertx, Map.of("RATE_LIMIT_SUBMIT_PER_MINUTE", "3",
        "RATE_LIMIT_LOGIN_PER_MINUTE", "4"))) {
      String admin = app.adminToken();
      String staff = app.createUser(admin, "desk.limits", "STAFF", null);
      String commission = app.createCommission(admin, "Youth Commission");
      long eventsBefore = app.eventCount();
      for (int i = 0; i < 3; i++) {
        assertThat(app.post("/api/requests", null, TestApp.submission("COMMISSION", commission)).statusCode())
            .isEqualTo(201);
      }
      HttpResponse<Buffer> limited = app.post("/api/requests", null, TestApp.submission("COMMISSION", commission));
      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(limited.bodyAsJsonObject().getString("error")).isEqualTo("RATE_LIMITED");
      assertThat(Integer.parseInt(limited.getHeader("Retry-After"))).isBetween(1, 60);
      long afterAnonymous = app.eventCount();
      assertThat(afterAnonymous - eventsBefore).as("3 submissions, 2 events each").isEqualTo(6);

      for (int i = 0; i < 3; i++) {
        HttpResponse<Buffer> desk = app.post("/api/requests", staff, TestApp.submission("COMMISSION", commission)
            .put("channel", "DESK").put("administrativeUnit", 3));
        assertThat(desk.statusCode()).as("desk staff are not limited like the anonymous public").isEqualTo(201);
      }

      int refused = 0;
      for (int i = 0; i < 6; i++) {
        HttpResponse<Buffer> login = app.post("/api/auth/login", null,
            new JsonObject().put("username", "admin").put("password", "wrong-password"));
        if (login.statusCode() == 429) {
          refused++;
          assertThat(login.getHeader("Retry-After")).isNotNull();
        } else {
          assertThat(login.statusCode()).isEqualTo(401);
        }
      }
      assertThat(refused).as("logins beyond the limit (admin, staff and 4 more already used some)").isPositive();
    }
  }
}
