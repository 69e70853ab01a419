package al.tirana.councilline.app;

import al.tirana.councilline.platform.db.Database;
import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.support.NodeProcess;
import al.tirana.councilline.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@DisplayName("On the embedded default database")
class RestartTest {

  /** A node in a process of its own starts its embedded database too. */
  private static final Duration HEALTHY_WITHIN = Duration.ofSeconds(60);

  @Test
  @DisplayName("stopping and starting on the same DATA_DIR keeps requests, timelines, accounts and the numbering")
  void restart(Vertx vertx, @TempDir Path dataDir) throws Exception {
    String number;
    String accessCode;
    JsonObject before;
    try (TestApp first = TestApp.embedded(vertx, dataDir)) {
      String admin = first.adminToken();
      String commission = first.createCommission(admin, "Environment Commission");
      first.createUser(admin, "desk.one", "STAFF", null);
      JsonObject submitted = first.submit(TestApp.submission("COMMISSION", commission));
      number = submitted.getString("number");
      accessCode = submitted.getString("accessCode");
      first.post("/api/requests/" + number + "/respond", admin, new JsonObject().put("message", "Trees planted"));
      before = first.get("/api/requests/" + number, admin).bodyAsJsonObject();
    }

    try (TestApp second = TestApp.embedded(vertx, dataDir)) {
      String staff = second.login("desk.one", "password-of-desk.one");
      JsonObject after = second.get("/api/requests/" + number, staff).bodyAsJsonObject();
      assertThat(after).isEqualTo(before);
      HttpResponse<Buffer> citizenView = second.send(second.client().get("/api/requests/" + number)
          .putHeader("X-Access-Code", accessCode), null, null);
      assertThat(citizenView.bodyAsJsonObject().getJsonObject("citizen").getString("firstName")).isEqualTo("Elira");
      String next = second.submit(TestApp.submission(before.getJsonObject("addressee").getString("type"),
          before.getJsonObject("addressee").getString("id"))).getString("number");
      assertThat(sequenceOf(next)).isEqualTo(sequenceOf(number) + 1);
    }
  }

  @Test
  @DisplayName("a commit waits until it is on disk: fsync, full page writes and synchronous commit are on")
  void durableCommits(Vertx vertx, @TempDir Path dataDir) throws Exception {
    try (TestApp app = TestApp.embedded(vertx, dataDir); Connection c = app.jdbc();
         Statement st = c.createStatement()) {
      for (String setting : List.of("fsync", "full_page_writes", "synchronous_commit")) {
        try (ResultSet rs = st.executeQuery("SHOW " + setting)) {
          rs.next();
          assertThat(rs.getString(1)).as(setting).isEqualTo("on");
        }
      }
    }
  }

  @Test
  @DisplayName("the node's own pools reach it over a Unix socket in a directory of the owner's alone; others over TCP")
  void unixSocket(Vertx vertx, @TempDir Path dataDir) throws Exception {
    Path socket;
    try (TestApp app = TestApp.embedded(vertx, dataDir)) {
      Database database = app.app().database();
      String jdbcUrl = database.jdbc().jdbcUrl();
      assertThat(jdbcUrl).contains("socketFactory=org.newsclub.net.unix.AFUNIXSocketFactory$FactoryArg");
      socket = Path.of(jdbcUrl.substring(jdbcUrl.indexOf("socketFactoryArg=") + "socketFactoryArg=".length()));
      assertThat(socket).exists();
      assertThat(Files.getPosixFilePermissions(socket.getParent()))
          .isEqualTo(PosixFilePermissions.fromString("rwx------"));
      try (Connection own = database.dataSource().getConnection()) {
        assertThat(serverAddress(own)).as("a Unix-socket connection has no server address").isNull();
      }
      Database.Parsed tcp = Database.Parsed.of(database.url());
      try (Connection other = DriverManager.getConnection(tcp.jdbcUrl(), tcp.user(), tcp.password())) {
        assertThat(serverAddress(other)).isEqualTo("127.0.0.1");
      }
    }
    assertThat(socket.getParent()).doesNotExist();
  }

  @Test
  @DisplayName("on Netty's native transport the Vert.x pool reaches it over the Unix socket too, else over TCP")
  void poolOverUnixSocket(@TempDir Path dataDir) throws Exception {
    Vertx nativeVertx = Application.createVertx();
    try (TestApp app = TestApp.embedded(nativeVertx, dataDir)) {
      Database database = app.app().database();
      boolean linux = System.getProperty("os.name").equals("Linux");
      assertThat(nativeVertx.isNativeTransportEnabled()).as("epoll loads on Linux").isEqualTo(linux);
      assertThat(database.connectOptions(nativeVertx).isUsingDomainSocket()).isEqualTo(linux);
      Pool pool = database.reactivePool(nativeVertx, 1);
      try {
        Object address = pool.query("SELECT inet_server_addr()").execute().await().iterator().next().getValue(0);
        assertThat(address == null).as("no server address: a Unix socket").isEqualTo(linux);
      } finally {
        pool.close().await();
      }
      // the live hub's and the holiday calendar's LISTEN connections come through the same options
      assertThat(app.count("SELECT count(*) FROM pg_stat_activity WHERE query ILIKE 'LISTEN%' AND "
          + (linux ? "client_addr IS NULL" : "client_addr IS NOT NULL"))).isGreaterThanOrEqualTo(2);
      assertThat(app.get("/health", null).statusCode()).isEqualTo(200);
    } finally {
      nativeVertx.close().await();
    }
  }

  private static String serverAddress(Connection connection) throws Exception {
    try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SELECT inet_server_addr()")) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Test
  @DisplayName("after kill -9 of the node, every acknowledged submission is still there when it starts again")
  void killNine(Vertx vertx, @TempDir Path dataDir) throws Exception {
    int httpPort = TestApp.freePort();
    Map<String, String> env = nodeEnv(dataDir, httpPort);
    WebClient client = client(vertx, httpPort);
    List<String> acknowledged = submitThenKill(env, client, 20);
    Path killedSocketDirectory = Path.of(Files.readAllLines(dataDir.resolve("postgres/postmaster.pid")).get(4));
    assertThat(killedSocketDirectory.getFileName().toString()).startsWith("councilline-pg");

    NodeProcess restarted = NodeProcess.start(env, dataDir.resolve("restarted.log"));
    try {
      restarted.awaitHealthy(client, HEALTHY_WITHIN);
      assertThat(killedSocketDirectory).as("the killed node's socket directory").doesNotExist();
      assertStillSubmitted(client, acknowledged);
    } finally {
      restarted.close();
      client.close();
    }
  }

  @Test
  @DisplayName("after a power cut (node and database killed, the database's process id since taken by another "
      + "process named postgres) it starts again, leaves that process alone and removes the dead socket")
  void powerCut(Vertx vertx, @TempDir Path dataDir) throws Exception {
    int httpPort = TestApp.freePort();
    Map<String, String> env = nodeEnv(dataDir, httpPort);
    WebClient client = client(vertx, httpPort);
    List<String> acknowledged = submitThenKill(env, client, 5);
    Path pidFile = dataDir.resolve("postgres/postmaster.pid");
    List<String> pidFileLines = new ArrayList<>(Files.readAllLines(pidFile));
    ProcessHandle server = ProcessHandle.of(Long.parseLong(pidFileLines.get(0).trim())).orElseThrow();
    server.destroyForcibly();
    server.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
    Path deadSocketDirectory = Path.of(pidFileLines.get(4));
    assertThat(deadSocketDirectory).as("the killed server's socket is left").isNotEmptyDirectory();
    // another PostgreSQL, as far as its executable's name goes, working in a directory of its own
    Path bystanderBinary =
        Files.copy(Path.of("/bin/sleep"), Files.createDirectories(dataDir.resolve("bin")).resolve("postgres"));
    bystanderBinary.toFile().setExecutable(true);
    Process bystander = new ProcessBuilder(bystanderBinary.toString(), "300").directory(dataDir.toFile()).start();
    pidFileLines.set(0, String.valueOf(bystander.pid()));
    Files.write(pidFile, pidFileLines);

    NodeProcess restarted = NodeProcess.start(env, dataDir.resolve("restarted.log"));
    try {
      restarted.awaitHealthy(client, HEALTHY_WITHIN);
      assertThat(bystander.isAlive()).as("the process that took the server's id").isTrue();
      assertThat(deadSocketDirectory).as("the dead server's socket directory").doesNotExist();
      assertStillSubmitted(client, acknowledged);
    } finally {
      restarted.close();
      bystander.destroyForcibly();
      client.close();
    }
  }

  /** Starts a node, has it acknowledge {@code count} submissions, and kills it with -9. */
  private static List<String> submitThenKill(Map<String, String> env, WebClient client, int count)
      throws Exception {
    List<String> numbers = new ArrayList<>();
    NodeProcess node = NodeProcess.start(env, Path.of(env.get("DATA_DIR")).resolve("killed.log"));
    try {
      node.awaitHealthy(client, HEALTHY_WITHIN);
      String commission = NodeProcess.createCommission(client, "Rents Commission");
      for (int i = 0; i < count; i++) {
        HttpResponse<Buffer> response = client.post("/api/requests")
            .sendJson(TestApp.submission("COMMISSION", commission)).await();
        assertThat(response.statusCode()).isEqualTo(201);
        numbers.add(response.bodyAsJsonObject().getString("number"));
      }
    } finally {
      node.kill(Duration.ofSeconds(60));
    }
    return numbers;
  }

  private static void assertStillSubmitted(WebClient client, List<String> numbers) {
    for (String number : numbers) {
      HttpResponse<Buffer> response = client.get("/api/requests/" + number).send().await();
      assertThat(response.statusCode()).as(number).isEqualTo(200);
      assertThat(response.bodyAsJsonObject().getString("status")).isEqualTo("SUBMITTED");
    }
  }

  @Test
  @DisplayName("a node stopped by SIGTERM stops in order: the embedded database outlives the application's shutdown")
  void orderlyStop(Vertx vertx, @TempDir Path dataDir) throws Exception {
    int httpPort = TestApp.freePort();
    WebClient client = client(vertx, httpPort);
    Path log = dataDir.resolve("node.log");
    NodeProcess node = NodeProcess.start(nodeEnv(dataDir, httpPort), log);
    try {
      node.awaitHealthy(client, HEALTHY_WITHIN);
      String commission = NodeProcess.createCommission(client, "Parks Commission");
      assertThat(client.post("/api/requests").sendJson(TestApp.submission("COMMISSION", commission)).await()
          .statusCode()).isEqualTo(201);
    } finally {
      assertThat(node.stop(Duration.ofSeconds(60))).as("stopped within 60 s").isTrue();
      client.close();
    }
    String output = java.nio.file.Files.readString(log);
    assertThat(output).as("the node's log").doesNotContain(" ERROR ")
        .doesNotContain("terminating connection due to administrator command");
    assertThat(dataDir.resolve("postgres").resolve("postmaster.pid")).as("the database stopped with the node")
        .doesNotExist();
  }

  private static Map<String, String> nodeEnv(Path dataDir, int httpPort) throws Exception {
    return TestApp.env(Map.of("DATA_DIR", dataDir.toString(),
        "EMBEDDED_PG_PORT", String.valueOf(TestApp.freePort()), "HTTP_PORT", String.valueOf(httpPort)));
  }

  private static WebClient client(Vertx vertx, int httpPort) {
    return WebClient.create(vertx, new WebClientOptions().setDefaultHost("localhost").setDefaultPort(httpPort));
  }

  private static int sequenceOf(String number) {
    return Integer.parseInt(number.substring(number.lastIndexOf('-') + 1));
  }
}
