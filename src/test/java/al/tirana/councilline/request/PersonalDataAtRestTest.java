package al.tirana.councilline.request;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.support.StartedApp;
import al.tirana.councilline.support.TestApp;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@StartedApp
@DisplayName("Citizens' personal data at rest")
class PersonalDataAtRestTest {

  private static final List<String> SECRETS = List.of("Xhensila", "Qerimaj", "xhensila.qerimaj@example.al",
      "+355 68 555 0199", "Shoqata e Banoreve", "My flat in Rruga e Kavajes has no heating");

  @StartedApp.Node
  private static TestApp app;
  @StartedApp.Admin
  private static String admin;
  private static JsonObject submission;
  private static JsonObject submitted;

  @BeforeAll
  static void given() throws Exception {
    String commission = app.createCommission(admin, "Social Housing Commission");
    submission = TestApp.submission("COMMISSION", commission)
        .put("subject", "No heating")
        .put("body", SECRETS.get(5))
        .put("citizen", new JsonObject().put("firstName", SECRETS.get(0)).put("lastName", SECRETS.get(1))
            .put("email", SECRETS.get(2)).put("phone", SECRETS.get(3)).put("organization", SECRETS.get(4)));
    submitted = app.submit(submission);
    app.post("/api/requests/" + submitted.getString("number") + "/respond", admin,
        new JsonObject().put("message", "An inspector will visit"));
  }

  @Test
  @DisplayName("never appear in plaintext in the event table, its metadata, or the read models")
  void encryptedAtRest() throws Exception {
    List<String> stored = new ArrayList<>();
    try (Connection c = app.jdbc(); Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery("SELECT payload, meta_data FROM domain_event_entry")) {
        while (rs.next()) {
          stored.add(new String(rs.getBytes(1), StandardCharsets.UTF_8));
          stored.add(rs.getBytes(2) == null ? "" : new String(rs.getBytes(2), StandardCharsets.UTF_8));
        }
      }
      try (ResultSet rs = st.executeQuery("SELECT row_to_json(v)::text FROM request_view v "
          + "UNION ALL SELECT row_to_json(t)::text FROM request_timeline t")) {
        while (rs.next()) {
          stored.add(rs.getString(1));
        }
      }
    }
    assertThat(stored).isNotEmpty();
    for (String secret : SECRETS) {
      assertThat(stored).noneMatch(text -> text.toLowerCase().contains(secret.toLowerCase()));
    }
  }

  @Test
  @DisplayName("are readable again through the citizen's access code")
  void readableWithAccessCode() {
    JsonObject view = app.send(app.client().get("/api/requests/" + submitted.getString("number"))
        .putHeader("X-Access-Code", submitted.getString("accessCode")), null, null).bodyAsJsonObject();
    assertThat(view.getJsonObject("citizen").getString("email")).isEqualTo(SECRETS.get(2));
    assertThat(view.getJsonObject("citizen").getString("organization")).isEqualTo(SECRETS.get(4));
    assertThat(view.getString("body")).isEqualTo(SECRETS.get(5));
  }

  @Test
  @DisplayName("stay unreadable once the citizen's data key is deleted (crypto-shredding)")
  void shredded() throws Exception {
    JsonObject forgotten = app.submit(submission);
    try (Connection c = app.jdbc(); Statement st = c.createStatement()) {
      st.executeUpdate("DELETE FROM citizen_data_key WHERE citizen_id = (SELECT citizen_id FROM request_view "
          + "WHERE number = '" + forgotten.getString("number") + "')");
    }
    JsonObject view = app.send(app.client().get("/api/requests/" + forgotten.getString("number"))
        .putHeader("X-Access-Code", forgotten.getString("accessCode")), null, null).bodyAsJsonObject();
    assertThat(view.getJsonObject("citizen").getString("firstName")).isEqualTo("[erased]");
    assertThat(view.encode()).doesNotContain(SECRETS.get(0)).doesNotContain(SECRETS.get(2));
    assertThat(view.getString("status")).isEqualTo("SUBMITTED");
  }
}
