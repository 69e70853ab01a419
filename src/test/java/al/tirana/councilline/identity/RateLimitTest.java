package al.tirana.councilline.identity;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
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
      // the last 60 s are estimated from two fixed minutes, so the wait may run into the next one
      assertThat(Integer.parseInt(limited.getHeader("Retry-After"))).isBetween(1, 120);
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

  @Test
  @DisplayName("behind a trusted reverse proxy give each citizen a limit of their own (an IPv6 one per /64), and log "
      + "their address")
  void perCitizenBehindTrustedProxy(Vertx vertx) throws Exception {
    try (TestApp app = TestApp.onFreshDatabase(vertx, Map.of("RATE_LIMIT_SUBMIT_PER_MINUTE", "2",
        "TRUSTED_PROXIES", "127.0.0.1, ::1"))) {
      String commission = app.createCommission(app.adminToken(), "Youth Commission");

      assertThat(submitFrom(app, "198.51.100.1", commission)).isEqualTo(201);
      assertThat(submitFrom(app, "198.51.100.1", commission)).isEqualTo(201);
      assertThat(submitFrom(app, "198.51.100.1", commission)).isEqualTo(429);
      assertThat(submitFrom(app, "198.51.100.2", commission)).as("another citizen behind the same proxy")
          .isEqualTo(201);
      assertThat(submitFrom(app, "1.1.1.1, 198.51.100.1", commission)).as("a forged entry before the real one")
          .isEqualTo(429);
      // an IPv6 client is counted by its /64, in which it may pick any address
      assertThat(submitFrom(app, "2001:db8:1:2::a", commission)).isEqualTo(201);
      assertThat(submitFrom(app, "2001:db8:1:2:ffff::b", commission)).as("another address in the same /64")
          .isEqualTo(201);
      assertThat(submitFrom(app, "[2001:db8:1:2::c]:4711", commission)).as("a third one: the /64's limit is spent")
          .isEqualTo(429);
      assertThat(submitFrom(app, "2001:db8:1:3::a", commission)).as("the next /64").isEqualTo(201);

      assertThat(failedLoginsLoggedAs(app, "X-Forwarded-For", "198.51.100.3", "198.51.100.3")).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("behind a trusted proxy that writes Forwarded give each citizen a limit of their own and log their "
      + "address, and count a request whose two headers disagree, or whose Forwarded is malformed, as the proxy's")
  void perCitizenBehindTrustedForwardingProxy(Vertx vertx) throws Exception {
    try (TestApp app = TestApp.onFreshDatabase(vertx, Map.of("RATE_LIMIT_SUBMIT_PER_MINUTE", "2",
        "TRUSTED_PROXIES", "127.0.0.1, ::1"))) {
      String commission = app.createCommission(app.adminToken(), "Youth Commission");

      assertThat(submitFrom(app, Map.of("Forwarded", "for=198.51.100.1;proto=https"), commission)).isEqualTo(201);
      assertThat(submitFrom(app, Map.of("Forwarded", "For=\"198.51.100.1:4711\""), commission)).isEqualTo(201);
      assertThat(submitFrom(app, Map.of("Forwarded", "for=198.51.100.1"), commission)).isEqualTo(429);
      assertThat(submitFrom(app, Map.of("Forwarded", "for=1.1.1.1, for=198.51.100.1"), commission))
          .as("a forged entry before the real one").isEqualTo(429);
      assertThat(submitFrom(app, Map.of("Forwarded", "for=\"[2001:db8::7]:4711\""), commission))
          .as("another citizen behind the same proxy").isEqualTo(201);
      assertThat(submitFrom(app, Map.of("Forwarded", "for=198.51.100.1", "X-Forwarded-For", "198.51.100.1"),
          commission)).as("both headers agreeing").isEqualTo(429);

      assertThat(submitFrom(app, Map.of("Forwarded", "for=\"198.51.100.1"), commission))
          .as("a malformed Forwarded: the proxy's own limit").isEqualTo(201);
      assertThat(submitFrom(app, Map.of("Forwarded", "for=198.51.100.4", "X-Forwarded-For", "198.51.100.5"),
          commission)).as("disagreeing headers: the proxy's own limit").isEqualTo(201);
      assertThat(submitFrom(app, Map.of("Forwarded", "for=198.51.100.6", "X-Forwarded-For", "198.51.100.7"),
          commission)).as("the proxy's own limit is spent").isEqualTo(429);

      assertThat(failedLoginsLoggedAs(app, "Forwarded", "for=\"[2001:db8::7]:4711\"", "2001:db8::7")).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("cannot be escaped by a client that writes its own X-Forwarded-For or Forwarded when no proxy is "
      + "trusted")
  void forwardedForIgnoredWithoutTrustedProxies(Vertx vertx) throws Exception {
    try (TestApp app = TestApp.onFreshDatabase(vertx, Map.of("RATE_LIMIT_SUBMIT_PER_MINUTE", "2"))) {
      String commission = app.createCommission(app.adminToken(), "Youth Commission");
      long before = app.eventCount();

      assertThat(submitFrom(app, "198.51.100.1", commission)).isEqualTo(201);
      assertThat(submitFrom(app, "198.51.100.2", commission)).isEqualTo(201);
      assertThat(submitFrom(app, "198.51.100.3", commission)).isEqualTo(429);
      assertThat(submitFrom(app, Map.of("Forwarded", "for=198.51.100.4"), commission)).isEqualTo(429);
      assertThat(app.eventCount() - before).as("2 submissions, 2 events each").isEqualTo(4);
    }
  }

  /** Fails a login through a proxy header, then counts the failed logins the security log has from that address. */
  private static long failedLoginsLoggedAs(TestApp app, String header, String value, String address)
      throws Exception {
    HttpResponse<Buffer> failed = app.send(app.client().post("/api/auth/login").putHeader(header, value), null,
        new JsonObject().put("username", "admin").put("password", "wrong-password"));
    assertThat(failed.statusCode()).isEqualTo(401);
    return app.count("SELECT count(*) FROM security_event WHERE kind = 'LOGIN_FAILED' AND address = ?", address);
  }

  private static int submitFrom(TestApp app, String forwardedFor, String commission) {
    return submitFrom(app, Map.of("X-Forwarded-For", forwardedFor), commission);
  }

  private static int submitFrom(TestApp app, Map<String, String> headers, String commission) {
    HttpRequest<Buffer> request = app.client().post("/api/requests");
    headers.forEach(request::putHeader);
    return app.send(request, null, TestApp.submission("COMMISSION", commission)).statusCode();
  }
}
