package al.tirana.councilline.identity;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.support.StartedApp;
import al.tirana.councilline.support.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Accounts")
class AccountTest {

  @Test
  @DisplayName("are created, changed, deactivated and reactivated through events that never carry a password hash")
  void lifecycle(@StartedApp.Fresh TestApp app, @StartedApp.Admin String admin) throws Exception {
    String token = app.createUser(admin, "desk.pass", "STAFF", null);
    assertThat(app.post("/api/admin/users", admin, new JsonObject().put("username", "desk.pass")
        .put("password", "another-long-password").put("role", "STAFF")).statusCode()).isEqualTo(409);

    assertThat(app.post("/api/auth/password", token, new JsonObject().put("currentPassword", "wrong-one")
        .put("newPassword", "a-brand-new-password")).statusCode()).isEqualTo(403);
    assertThat(app.post("/api/auth/password", token, new JsonObject()
        .put("currentPassword", "password-of-desk.pass").put("newPassword", "a-brand-new-password"))
        .statusCode()).isEqualTo(204);
    assertThat(app.post("/api/auth/login", null, new JsonObject().put("username", "desk.pass")
        .put("password", "password-of-desk.pass")).statusCode()).isEqualTo(401);
    String renewed = app.login("desk.pass", "a-brand-new-password");

    assertThat(app.post("/api/admin/users/desk.pass/deactivate", admin, null).statusCode()).isEqualTo(204);
    assertThat(app.get("/api/inbox", renewed).statusCode()).as("tokens stop working at once").isEqualTo(401);
    assertThat(app.post("/api/auth/login", null, new JsonObject().put("username", "desk.pass")
        .put("password", "a-brand-new-password")).statusCode()).isEqualTo(401);
    assertThat(app.post("/api/admin/users/desk.pass/deactivate", admin, null).statusCode()).isEqualTo(409);

    assertThat(app.post("/api/admin/users/desk.pass/reactivate", admin, null).statusCode()).isEqualTo(204);
    assertThat(app.get("/api/inbox", renewed).statusCode()).as("old sessions stay revoked").isEqualTo(401);
    String again = app.login("desk.pass", "a-brand-new-password");
    assertThat(app.get("/api/inbox", again).statusCode()).isEqualTo(200);
    assertThat(app.post("/api/admin/users/desk.pass/reactivate", admin, null).statusCode()).isEqualTo(409);
    assertThat(app.post("/api/admin/users/nobody.here/reactivate", admin, null).statusCode()).isEqualTo(404);

    assertThat(app.count("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = 'desk.pass'"))
        .isEqualTo(4);
    assertThat(app.count("SELECT count(*) FROM domain_event_entry WHERE convert_from(payload, 'UTF8') "
        + "LIKE '%pbkdf2%' OR convert_from(payload, 'UTF8') LIKE '%password%'")).isZero();
  }

  @Test
  @DisplayName("are listed for administrators with their role, counselor and state, and never a secret")
  void listed(@StartedApp.Fresh TestApp app, @StartedApp.Admin String admin) throws Exception {
    String counselor = app.createCounselor(admin, "Arta Hoxha", "arta.hoxha@tirana.al");
    app.createUser(admin, "arta", "COUNSELOR", counselor);
    String desk = app.createUser(admin, "desk.list", "STAFF", null);
    app.post("/api/admin/users/desk.list/deactivate", admin, null);

    JsonArray accounts = app.get("/api/admin/users", admin).bodyAsJsonArray();

    assertThat(accounts.stream().map(a -> ((JsonObject) a).getString("username")))
        .containsExactly("admin", "arta", "desk.list");
    JsonObject arta = accounts.getJsonObject(1);
    assertThat(arta.getString("role")).isEqualTo("COUNSELOR");
    assertThat(arta.getString("counselorId")).isEqualTo(counselor);
    assertThat(arta.getBoolean("active")).isTrue();
    assertThat(arta.getString("createdAt")).endsWith("Z");
    assertThat(accounts.getJsonObject(2).getBoolean("active")).isFalse();
    assertThat(accounts.getJsonObject(2).containsKey("counselorId")).isFalse();
    assertThat(accounts.encode()).doesNotContain("pbkdf2").doesNotContain("password").doesNotContain("hash");
    assertThat(app.get("/api/admin/users", desk).statusCode()).isEqualTo(401);
    assertThat(app.get("/api/admin/users", app.createUser(admin, "desk.other", "STAFF", null)).statusCode())
        .as("staff may not list accounts").isEqualTo(403);
  }
}
