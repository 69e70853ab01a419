package al.tirana.councilline.open311;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.support.StartedApp;
import al.tirana.councilline.support.TestApp;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("API keys for integrators")
class ApiKeyTest {

  private static MultiMap submission(String key, String commission) {
    return MultiMap.caseInsensitiveMultiMap().add("api_key", key).add("service_code", "TRANSPORT")
        .add("address_string", "Sheshi Skënderbej").add("description", "Semafori nuk punon.")
        .add("attribute[addressee]", "COMMISSION:" + commission);
  }

  @Test
  @DisplayName("are created with events, shown once, kept only as a digest, listed without secrets and revoked with an event")
  void lifecycle(@StartedApp.Fresh TestApp app, @StartedApp.Admin String admin) throws Exception {
    long events = app.eventCount();
    HttpResponse<Buffer> created = app.post("/api/admin/api-keys", admin,
        new JsonObject().put("name", "SeeClickFix").put("rateLimitPerMinute", 30));
    assertThat(created.statusCode()).isEqualTo(201);
    JsonObject key = created.bodyAsJsonObject();
    assertThat(key.fieldNames()).contains("id", "name", "key", "createdAt");
    assertThat(key.getString("key")).startsWith("cl311_").hasSizeGreaterThan(40);
    assertThat(app.eventCount()).isEqualTo(events + 1);
    assertThat(app.count("SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE '%ApiKeyCreated' "
        + "AND convert_from(payload, 'UTF8') NOT LIKE ?", "%" + key.getString("key").substring(6) + "%"))
        .as("the event does not hold the secret").isEqualTo(1);
    assertThat(app.count("SELECT count(*) FROM api_key_digest WHERE key_hash = ?",
        ApiKeys.digest(key.getString("key")))).isEqualTo(1);
    assertThat(app.count("SELECT count(*) FROM api_key_digest WHERE key_hash = ?", key.getString("key")))
        .isZero();

    JsonArray listed = app.get("/api/admin/api-keys", admin).bodyAsJsonArray();
    assertThat(listed.encode()).doesNotContain(key.getString("key"));
    assertThat(listed.getJsonObject(0).getString("name")).isEqualTo("SeeClickFix");
    assertThat(listed.getJsonObject(0).getInteger("rateLimitPerMinute")).isEqualTo(30);
    assertThat(listed.getJsonObject(0).getBoolean("active")).isTrue();

    HttpResponse<Buffer> blank = app.post("/api/admin/api-keys", admin, new JsonObject().put("name", "  "));
    assertThat(blank.statusCode()).isEqualTo(400);
    assertThat(app.post("/api/admin/api-keys", null, new JsonObject().put("name", "X")).statusCode())
        .isEqualTo(401);

    assertThat(app.send(app.client().delete("/api/admin/api-keys/" + key.getString("id")), admin, null)
        .statusCode()).isEqualTo(200);
    assertThat(app.count("SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE '%ApiKeyRevoked'"))
        .isEqualTo(1);
    assertThat(app.count("SELECT count(*) FROM api_key_digest")).as("no digest of a revoked key").isZero();
    assertThat(app.send(app.client().delete("/api/admin/api-keys/" + key.getString("id")), admin, null)
        .statusCode()).isEqualTo(409);
    assertThat(app.send(app.client().delete("/api/admin/api-keys/nope"), admin, null).statusCode())
        .isEqualTo(404);
    assertThat(app.get("/api/admin/api-keys", admin).bodyAsJsonArray().getJsonObject(0).getBoolean("active"))
        .isFalse();
  }

  @Test
  @DisplayName("revoking a key makes its next POST 403 on every node")
  void revokedEverywhere(Vertx vertx) throws Exception {
    try (TestApp nodeA = TestApp.onFreshDatabase(vertx);
         TestApp nodeB = TestApp.onDatabase(vertx, nodeA.databaseUrl())) {
      String admin = nodeA.adminToken();
      String commission = nodeA.createCommission(admin, "Komisioni i Transportit");
      JsonObject key = nodeA.post("/api/admin/api-keys", admin, new JsonObject().put("name", "Mark-a-Spot"))
          .bodyAsJsonObject();
      for (TestApp node : new TestApp[] {nodeA, nodeB}) {
        HttpResponse<Buffer> accepted = new Open311Client(node).post("json",
            submission(key.getString("key"), commission));
        assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(200);
      }
      assertThat(nodeA.send(nodeA.client().delete("/api/admin/api-keys/" + key.getString("id")), admin, null)
          .statusCode()).isEqualTo(200);
      long events = nodeA.eventCount();
      for (TestApp node : new TestApp[] {nodeB, nodeA}) {
        HttpResponse<Buffer> refused = new Open311Client(node).post("xml",
            submission(key.getString("key"), commission));
        assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(403);
        assertThat(refused.bodyAsString()).contains("<errors><error><code>403</code>");
      }
      assertThat(nodeA.eventCount()).isEqualTo(events);
      assertThat(nodeA.count("SELECT count(*) FROM api_key WHERE last_used_at IS NOT NULL")).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("each key has its own rate limit, and a key authorizes nothing of staff")
  void limitedAndNotALogin(@StartedApp.Fresh TestApp app, @StartedApp.Admin String admin,
      @StartedApp.Commission("Komisioni i Transportit") String commission) throws Exception {
    String slow = app.post("/api/admin/api-keys", admin, new JsonObject().put("name", "Slow App")
        .put("rateLimitPerMinute", 2)).bodyAsJsonObject().getString("key");
    String other = app.post("/api/admin/api-keys", admin, new JsonObject().put("name", "Other App")
        .put("rateLimitPerMinute", 2)).bodyAsJsonObject().getString("key");
    Open311Client open311 = new Open311Client(app);
    assertThat(open311.post("json", submission(slow, commission)).statusCode()).isEqualTo(200);
    assertThat(open311.post("json", submission(slow, commission)).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> limited = open311.post("json", submission(slow, commission));
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.getHeader("Retry-After")).isNotNull();
    assertThat(open311.post("json", submission(other, commission)).statusCode())
        .as("another key's allowance is its own").isEqualTo(200);

    for (Map.Entry<String, String> staff : Map.of("/api/admin/users", "GET", "/api/inbox", "GET",
        "/api/admin/api-keys", "GET").entrySet()) {
      assertThat(app.get(staff.getKey(), other).statusCode()).as("a key is not a bearer token").isEqualTo(401);
      assertThat(app.get(staff.getKey() + "?api_key=" + other, null).statusCode()).isEqualTo(401);
    }
  }
}
