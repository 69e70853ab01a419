package al.tirana.councilline.identity;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.support.Await;
import al.tirana.councilline.support.StartedApp;
import al.tirana.councilline.support.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Hardening")
class HardeningTest {

  @Test
  @DisplayName("spam disappears from every public view while the council still sees it")
  void spam(@StartedApp.Fresh TestApp app, @StartedApp.Admin String admin) throws Exception {
    String staff = app.createUser(admin, "desk.spam", "STAFF", null);
    String auditor = app.createUser(admin, "auditor.spam", "AUDITOR", null);
    String commission = app.createCommission(admin, "Youth Commission");
    String number = app.submit(TestApp.submission("COMMISSION", commission)).getString("number");
    Await.until("the feed shows " + number, () -> app.get("/api/feed", null).bodyAsString().contains(number));

    HttpResponse<Buffer> marked = app.post("/api/requests/" + number + "/spam", staff,
        new JsonObject().put("reason", "Advertising for a casino"));
    assertThat(marked.statusCode()).isEqualTo(200);
    assertThat(app.post("/api/requests/" + number + "/spam", staff, new JsonObject().put("reason", "again"))
        .statusCode()).isEqualTo(409);

    assertThat(app.get("/api/requests/" + number, null).statusCode()).isEqualTo(404);
    assertThat(app.get("/api/requests/" + number + "/stream", null).statusCode()).isEqualTo(404);
    Await.until("the feed and the statistics forget " + number,
        () -> !app.get("/api/feed", null).bodyAsString().contains(number)
        && app.get("/api/stats", null).bodyAsJsonObject().getLong("received") == 0);
    assertThat(app.get("/api/open-data/requests.json", null).bodyAsString()).doesNotContain(number);
    JsonObject staffView = app.get("/api/requests/" + number, staff).bodyAsJsonObject();
    assertThat(staffView.getJsonArray("timeline").encode()).contains("Marked as spam");

    long reads = app.count("SELECT count(*) FROM audit_read WHERE username = 'auditor.spam'");
    assertThat(app.get("/api/requests/" + number, auditor).statusCode()).isEqualTo(200);
    assertThat(app.count("SELECT count(*) FROM audit_read WHERE username = 'auditor.spam'"))
        .as("an auditor's read of a request is recorded").isEqualTo(reads + 1);
  }

  @Test
  @DisplayName("answers browsers only from allowed origins, and sends HSTS and the security headers")
  void headers(@StartedApp.Fresh(settings = "CORS_ALLOWED_ORIGINS=https://portal.tirana.al") TestApp app)
      throws Exception {
    HttpResponse<Buffer> preflight = app.send(app.client().request(HttpMethod.OPTIONS, "/api/requests")
        .putHeader("Origin", "https://portal.tirana.al").putHeader("Access-Control-Request-Method", "POST"),
        null, null);
    assertThat(preflight.statusCode()).isEqualTo(204);
    assertThat(preflight.getHeader("Access-Control-Allow-Origin")).isEqualTo("https://portal.tirana.al");

    HttpResponse<Buffer> foreign = app.send(app.client().get("/api/commissions")
        .putHeader("Origin", "https://evil.example"), null, null);
    assertThat(foreign.getHeader("Access-Control-Allow-Origin")).isNull();

    HttpResponse<Buffer> plain = app.get("/api/commissions", null);
    assertThat(plain.getHeader("Strict-Transport-Security")).isNull();
    assertThat(plain.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(plain.getHeader("Referrer-Policy")).isEqualTo("no-referrer");
    assertThat(plain.getHeader("Content-Security-Policy")).contains("default-src 'self'");
    HttpResponse<Buffer> behindTls = app.send(app.client().get("/api/commissions")
        .putHeader("X-Forwarded-Proto", "https"), null, null);
    assertThat(behindTls.getHeader("Strict-Transport-Security")).startsWith("max-age=");
  }

}
