package al.tirana.councilline.support;

import al.tirana.councilline.app.Application;
import al.tirana.councilline.platform.config.Config;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** The real application on a real PostgreSQL, driven over HTTP like any client would. */
public record TestApp(Vertx vertx, Application app, Config config, WebClient client) implements AutoCloseable {

  public static final String ADMIN_PASSWORD = "admin-test-password";
  /** Fixed so that several nodes in one test share keys, as production nodes must. */
  public static final String DATA_KEY = Base64.getEncoder().encodeToString(new byte[32]);

  /**
   * A fresh database without public holidays, so due dates in tests do not depend on the day they run;
   * the holiday rules have their own tests.
   */
  public static TestApp onFreshDatabase(Vertx vertx) throws Exception {
    return onFreshDatabase(vertx, Map.of());
  }

  public static TestApp onFreshDatabase(Vertx vertx, Map<String, String> settings) throws Exception {
    Map<String, String> overrides = new HashMap<>(settings);
    overrides.put("DATABASE_URL", TestDatabase.freshDatabaseUrl());
    TestApp app = start(vertx, env(overrides));
    try (Connection c = app.jdbc(); java.sql.Statement st = c.createStatement()) {
      st.executeUpdate("DELETE FROM sla_holiday");
    }
    return app;
  }

  public static TestApp onDatabase(Vertx vertx, String databaseUrl) throws Exception {
    return onDatabase(vertx, databaseUrl, Map.of());
  }

  public static TestApp onDatabase(Vertx vertx, String databaseUrl, Map<String, String> settings) throws Exception {
    Map<String, String> overrides = new HashMap<>(settings);
    overrides.put("DATABASE_URL", databaseUrl);
    return start(vertx, env(overrides));
  }

  /** The embedded default: no DATABASE_URL, data under the given directory; settings as {@code NAME=value}. */
  public static TestApp embedded(Vertx vertx, Path dataDir, String... settings) throws Exception {
    Map<String, String> overrides = settings(settings);
    overrides.put("DATA_DIR", dataDir.toString());
    overrides.put("EMBEDDED_PG_PORT", String.valueOf(freePort()));
    return start(vertx, env(overrides));
  }

  /** Settings written as {@code NAME=value}, as environment overrides. */
  public static Map<String, String> settings(String... settings) {
    Map<String, String> env = new HashMap<>();
    for (String setting : settings) {
      String[] pair = setting.split("=", 2);
      env.put(pair[0].trim(), pair[1].trim());
    }
    return env;
  }

  public static Map<String, String> env(Map<String, String> overrides) throws IOException {
    Map<String, String> env = new HashMap<>();
    env.put("HTTP_PORT", String.valueOf(freePort()));
    env.put("ADMIN_PASSWORD", ADMIN_PASSWORD);
    env.put("DATA_KEY", DATA_KEY);
    env.put("DATA_DIR", System.getProperty("java.io.tmpdir") + "/councilline-test-unused");
    env.put("DB_POOL_SIZE", "10");
    // tests submit hundreds of requests from one address; RateLimitTest sets real limits
    env.put("RATE_LIMIT_SUBMIT_PER_MINUTE", "1000000");
    env.put("RATE_LIMIT_SUBMIT_TOTAL_PER_MINUTE", "1000000");
    env.put("RATE_LIMIT_LOGIN_PER_MINUTE", "1000000");
    // the tests' webhook receivers listen on localhost; WebhookAddressTest turns it off
    env.put("WEBHOOK_ALLOW_PRIVATE_URLS", "true");
    env.putAll(overrides);
    return env;
  }

  public static TestApp start(Vertx vertx, Map<String, String> env) {
    Config config = Config.from(env);
    Application app = Application.start(vertx, config).await();
    return new TestApp(vertx, app, config, WebClient.create(vertx, new WebClientOptions().setDefaultHost("localhost")
        .setDefaultPort(config.httpPort()), new PoolOptions().setHttp1MaxSize(300)));
  }

  public static int freePort() throws IOException {
    return FreePorts.pick();
  }

  public String databaseUrl() {
    return app.database().url();
  }

  public String baseUrl() {
    return "http://localhost:" + config.httpPort();
  }

  public HttpResponse<Buffer> get(String path, String token) {
    return send(client.get(path), token, null);
  }

  public HttpResponse<Buffer> post(String path, String token, Object body) {
    return send(client.post(path), token, body);
  }

  public HttpResponse<Buffer> put(String path, String token, Object body) {
    return send(client.put(path), token, body);
  }

  public HttpResponse<Buffer> send(HttpRequest<Buffer> request, String token, Object body) {
    return sendAsync(request, token, body).await();
  }

  public Future<HttpResponse<Buffer>> sendAsync(HttpRequest<Buffer> request, String token, Object body) {
    if (token != null) {
      request.bearerTokenAuthentication(token);
    }
    if (body == null) {
      return request.send();
    }
    if (body instanceof String raw) {
      return request.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(raw));
    }
    return request.sendJson(body);
  }

  public String login(String username, String password) {
    HttpResponse<Buffer> response = post("/api/auth/login", null,
        new JsonObject().put("username", username).put("password", password));
    if (response.statusCode() != 200) {
      throw new AssertionError("login of " + username + " failed: " + response.bodyAsString());
    }
    return response.bodyAsJsonObject().getString("token");
  }

  public String adminToken() {
    return login("admin", ADMIN_PASSWORD);
  }

  /** A commission's id; with policy areas, requests submitted by topic in them are routed to it. */
  public String createCommission(String adminToken, String name, String... policyAreas) {
    JsonObject body = new JsonObject().put("name", name).put("description", name + " of the council");
    if (policyAreas.length > 0) {
      body.put("policyAreas", new JsonArray(java.util.List.of((Object[]) policyAreas)));
    }
    return created(post("/api/admin/commissions", adminToken, body)).getString("id");
  }

  public String createCounselor(String adminToken, String fullName, String email, String... commissionIds) {
    return created(post("/api/admin/counselors", adminToken, new JsonObject().put("fullName", fullName)
        .put("officialEmail", email).put("commissions", new JsonArray(java.util.List.of(commissionIds)))
        .put("policyAreas", new JsonArray().add("YOUTH")))).getString("id");
  }

  public String createUser(String adminToken, String username, String role, String counselorId) {
    JsonObject body = new JsonObject().put("username", username).put("password", "password-of-" + username)
        .put("role", role);
    if (counselorId != null) {
      body.put("counselorId", counselorId);
    }
    created(post("/api/admin/users", adminToken, body));
    return login(username, "password-of-" + username);
  }

  public static JsonObject submission(String addresseeType, String addresseeId) {
    return new JsonObject()
        .put("kind", "REQUEST")
        .put("priority", "URGENT")
        .put("category", "YOUTH")
        .put("addressee", new JsonObject().put("type", addresseeType).put("id", addresseeId))
        .put("subject", "Youth centre in Kombinat")
        .put("body", "The youth centre has been closed for a year. Please reopen it.")
        .put("citizen", new JsonObject().put("firstName", "Elira").put("lastName", "Kolaj")
            .put("email", "elira.kolaj@example.al").put("phone", "+355 69 123 4567"));
  }

  public JsonObject submit(JsonObject submission) {
    return created(post("/api/requests", null, submission));
  }

  private static JsonObject created(HttpResponse<Buffer> response) {
    if (response.statusCode() != 201) {
      throw new AssertionError("expected 201, got " + response.statusCode() + ": " + response.bodyAsString());
    }
    return response.bodyAsJsonObject();
  }

  /** Runs a query on the application's database over plain JDBC, as an auditor's tool would. */
  public long count(String sql, Object... params) throws Exception {
    try (Connection c = jdbc(); PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  public long eventCount() throws Exception {
    return count("SELECT count(*) FROM domain_event_entry");
  }

  public Connection jdbc() throws Exception {
    return jdbc(databaseUrl());
  }

  public static Connection jdbc(String postgresUrl) throws Exception {
    java.net.URI uri = java.net.URI.create(postgresUrl.replaceFirst("^postgres://", "postgresql://"));
    String[] userInfo = uri.getUserInfo().split(":", 2);
    return DriverManager.getConnection("jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + uri.getPath(),
        userInfo[0], userInfo.length > 1 ? userInfo[1] : "");
  }

  @Override
  public void close() {
    client.close();
    app.stop().await();
  }
}
