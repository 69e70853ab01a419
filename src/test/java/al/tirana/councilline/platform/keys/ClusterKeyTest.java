package al.tirana.councilline.platform.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import al.tirana.councilline.support.NodeProcess;
import al.tirana.councilline.support.TestApp;
import al.tirana.councilline.support.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nodes of one cluster share one master key, checked against the database, and one set of token keys kept in it:
 * the second node's configuration is the database and the key, nothing else.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Nodes of a cluster")
class ClusterKeyTest {

  private static final String OTHER_KEY = Base64.getEncoder().encodeToString(filled(9));

  @Test
  @DisplayName("a second node with only DATABASE_URL and DATA_KEY accepts the first node's tokens, and the first "
      + "node accepts its tokens and reads in full the requests submitted through it")
  void secondNode(Vertx vertx, @TempDir Path dir) throws Exception {
    Path secondDataDir = Files.createDirectories(dir.resolve("node-b"));
    try (TestApp a = TestApp.onFreshDatabase(vertx)) {
      String commission = a.createCommission(a.adminToken(), "Transport Commission");
      int port = TestApp.freePort();
      Map<String, String> env = new HashMap<>();
      env.put("DATABASE_URL", a.databaseUrl());
      env.put("DATA_KEY", TestApp.DATA_KEY);
      env.put("HTTP_PORT", String.valueOf(port));
      env.put("DATA_DIR", secondDataDir.toString());
      NodeProcess b = NodeProcess.startIsolated(env, dir.resolve("node-b.log"));
      WebClient toB = client(vertx, port);
      try {
        b.awaitHealthy(toB, Duration.ofSeconds(90));
        String tokenOfA = a.adminToken();
        assertThat(toB.get("/api/admin/users").bearerTokenAuthentication(tokenOfA).send().await().statusCode())
            .as("node B accepts node A's token").isEqualTo(200);
        String tokenOfB = toB.post("/api/auth/login").sendJson(new JsonObject().put("username", "admin")
            .put("password", TestApp.ADMIN_PASSWORD)).await().bodyAsJsonObject().getString("token");
        assertThat(a.get("/api/admin/users", tokenOfB).statusCode()).as("node A accepts node B's token")
            .isEqualTo(200);
        assertThat(kid(tokenOfB)).as("both sign with the cluster's key").isEqualTo(kid(tokenOfA));

        HttpResponse<Buffer> submitted = toB.post("/api/requests")
            .sendJson(TestApp.submission("COMMISSION", commission)).await();
        assertThat(submitted.statusCode()).as(submitted.bodyAsString()).isEqualTo(201);
        JsonObject onA = a.get("/api/requests/" + submitted.bodyAsJsonObject().getString("number"), tokenOfA)
            .bodyAsJsonObject();
        assertThat(onA.getJsonObject("citizen").getString("firstName")).isEqualTo("Elira");
        assertThat(onA.getJsonObject("citizen").getString("lastName")).isEqualTo("Kolaj");
        try (var files = Files.list(secondDataDir)) {
          assertThat(files.toList()).as("node B generated no key files of its own").isEmpty();
        }
      } finally {
        b.close();
        toB.close();
      }
    }
  }

  @Test
  @DisplayName("on a used database, a node without DATA_KEY and a node with another DATA_KEY each exit non-zero "
      + "within 30 s naming DATA_KEY, and write nothing")
  void wrongOrMissingKey(Vertx vertx, @TempDir Path dir) throws Exception {
    try (TestApp a = TestApp.onFreshDatabase(vertx)) {
      a.submit(TestApp.submission("COMMISSION", a.createCommission(a.adminToken(), "Rents Commission")));
      long events = a.eventCount();
      byte[] checkValue = checkValue(a);
      Map<String, String> base = new HashMap<>();
      base.put("DATABASE_URL", a.databaseUrl());
      base.put("ADMIN_PASSWORD", "another-admin-password");

      Map<String, String> noKey = new HashMap<>(base);
      Path noKeyDir = Files.createDirectories(dir.resolve("no-key"));
      noKey.put("DATA_DIR", noKeyDir.toString());
      noKey.put("HTTP_PORT", String.valueOf(TestApp.freePort()));
      Map<String, String> otherKey = new HashMap<>(base);
      otherKey.put("DATA_DIR", Files.createDirectories(dir.resolve("other-key")).toString());
      otherKey.put("DATA_KEY", OTHER_KEY);
      otherKey.put("HTTP_PORT", String.valueOf(TestApp.freePort()));
      NodeProcess withoutKey = NodeProcess.startIsolated(noKey, dir.resolve("no-key.log"));
      NodeProcess withOtherKey = NodeProcess.startIsolated(otherKey, dir.resolve("other-key.log"));

      for (NodeProcess node : List.of(withoutKey, withOtherKey)) {
        assertThat(node.process().waitFor(30, TimeUnit.SECONDS)).as("exited within 30 s: " + node.output())
            .isTrue();
        assertThat(node.process().exitValue()).as(node.output()).isNotZero();
        assertThat(node.output()).contains("refuses to start").contains("DATA_KEY");
      }
      assertThat(withoutKey.output()).contains("DATA_KEY is not set");
      assertThat(withOtherKey.output()).contains("DATA_KEY does not match");
      assertThat(noKeyDir.resolve("master.key")).as("no key was generated").doesNotExist();
      assertThat(a.eventCount()).as("events").isEqualTo(events);
      assertThat(checkValue(a)).as("the cluster's check value").isEqualTo(checkValue);
      assertThat(a.count("SELECT count(*) FROM user_account")).as("no administrator of their own").isEqualTo(1);
    }
  }

  @Test
  @DisplayName("on a database from before the key check, the right key is proven on the stored citizens' keys and "
      + "recorded; a wrong key or none is refused and nothing is recorded")
  void databaseFromBeforeTheCheck(Vertx vertx, @TempDir Path dir) throws Exception {
    String url;
    String number;
    try (TestApp old = TestApp.onFreshDatabase(vertx)) {
      String commission = old.createCommission(old.adminToken(), "Youth Commission");
      number = old.submit(TestApp.submission("COMMISSION", commission)).getString("number");
      old.submit(TestApp.submission("COMMISSION", commission));
      url = old.databaseUrl();
    }
    // as an earlier version left it: no key check, no token keys, and their schema script not applied yet
    try (Connection c = TestApp.jdbc(url); Statement st = c.createStatement()) {
      st.executeUpdate("DROP TABLE cluster_key_check");
      st.executeUpdate("DROP TABLE token_signing_key");
      st.executeUpdate("DELETE FROM schema_history WHERE script = 'projections/V15__cluster_keys.sql'");
    }
    long events = count(url, "SELECT count(*) FROM domain_event_entry");

    assertThatThrownBy(() -> TestApp.onDatabase(vertx, url, Map.of("DATA_KEY", OTHER_KEY)))
        .hasMessageContaining("DATA_KEY does not open the citizens' data keys")
        .hasMessageContaining("2 of the 2 newest");
    Path emptyDataDir = Files.createDirectories(dir.resolve("empty"));
    Map<String, String> noKey = TestApp.env(Map.of("DATABASE_URL", url, "DATA_DIR", emptyDataDir.toString()));
    noKey.remove("DATA_KEY");
    assertThatThrownBy(() -> TestApp.start(vertx, noKey)).hasMessageContaining("DATA_KEY is not set");
    assertThat(emptyDataDir.resolve("master.key")).doesNotExist();
    assertThat(count(url, "SELECT count(*) FROM cluster_key_check")).as("nothing recorded").isZero();
    assertThat(count(url, "SELECT count(*) FROM token_signing_key")).as("no token key").isZero();
    assertThat(count(url, "SELECT count(*) FROM domain_event_entry")).isEqualTo(events);

    try (TestApp upgraded = TestApp.onDatabase(vertx, url)) {
      assertThat(upgraded.count("SELECT count(*) FROM cluster_key_check")).as("recorded").isEqualTo(1);
      assertThat(upgraded.get("/api/requests/" + number, upgraded.adminToken()).bodyAsJsonObject()
          .getJsonObject("citizen").getString("firstName")).isEqualTo("Elira");
    }
    assertThatThrownBy(() -> TestApp.onDatabase(vertx, url, Map.of("DATA_KEY", OTHER_KEY)))
        .as("from now on the check value decides").hasMessageContaining("DATA_KEY does not match");
  }

  @Test
  @DisplayName("two nodes starting at once on an empty database with different keys: one starts, the other refuses")
  void raceOnAnEmptyDatabase(Vertx vertx) throws Exception {
    String url = TestDatabase.freshDatabaseUrl();
    List<CompletableFuture<TestApp>> starts = new ArrayList<>();
    for (String key : List.of(TestApp.DATA_KEY, OTHER_KEY)) {
      Map<String, String> env = TestApp.env(Map.of("DATABASE_URL", url, "DATA_KEY", key));
      starts.add(CompletableFuture.supplyAsync(() -> TestApp.start(vertx, env)));
    }
    List<TestApp> started = new ArrayList<>();
    List<Throwable> refused = new ArrayList<>();
    for (CompletableFuture<TestApp> start : starts) {
      try {
        started.add(start.get(120, TimeUnit.SECONDS));
      } catch (java.util.concurrent.ExecutionException ex) {
        refused.add(ex.getCause());
      }
    }
    try {
      assertThat(started).hasSize(1);
      assertThat(refused).singleElement().satisfies(err -> assertThat(err).hasMessageContaining("DATA_KEY"));
      assertThat(count(url, "SELECT count(*) FROM cluster_key_check")).isEqualTo(1);
      assertThat(count(url, "SELECT count(*) FROM token_signing_key")).isEqualTo(1);
    } finally {
      started.forEach(TestApp::close);
    }
  }

  @Test
  @DisplayName("the embedded single-node default needs no configuration: it generates its key on the first start "
      + "and starts again with it")
  void embeddedDefault(Vertx vertx, @TempDir Path dataDir) throws Exception {
    Map<String, String> env = TestApp.env(Map.of("DATA_DIR", dataDir.toString(),
        "EMBEDDED_PG_PORT", String.valueOf(TestApp.freePort())));
    env.remove("DATA_KEY");
    byte[] checkValue;
    String number;
    try (TestApp first = TestApp.start(vertx, env)) {
      assertThat(dataDir.resolve("master.key")).exists();
      checkValue = checkValue(first);
      number = first.submit(TestApp.submission("COMMISSION",
          first.createCommission(first.adminToken(), "Parks Commission"))).getString("number");
    }
    String generated = Files.readString(dataDir.resolve("master.key"));
    try (TestApp second = TestApp.start(vertx, env)) {
      assertThat(checkValue(second)).isEqualTo(checkValue);
      assertThat(second.get("/api/requests/" + number, second.adminToken()).bodyAsJsonObject().getJsonObject("citizen").getString("firstName")).isEqualTo("Elira");
    }
    assertThat(Files.readString(dataDir.resolve("master.key"))).as("the same key").isEqualTo(generated);
  }

  private static byte[] checkValue(TestApp app) throws Exception {
    try (Connection c = app.jdbc(); Statement st = c.createStatement();
         var rs = st.executeQuery("SELECT check_value FROM cluster_key_check")) {
      assertThat(rs.next()).isTrue();
      return rs.getBytes(1);
    }
  }

  private static long count(String url, String sql) throws Exception {
    try (Connection c = TestApp.jdbc(url); Statement st = c.createStatement(); var rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static String kid(String token) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
        StandardCharsets.UTF_8)).getString("kid");
  }

  private static WebClient client(Vertx vertx, int port) {
    return WebClient.create(vertx, new WebClientOptions().setDefaultHost("localhost").setDefaultPort(port));
  }

  private static byte[] filled(int value) {
    byte[] key = new byte[32];
    java.util.Arrays.fill(key, (byte) value);
    return key;
  }
}
