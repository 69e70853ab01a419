package al.tirana.councilline.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * P1 measured on nodes started as a newcomer starts one: the README's run command ({@code java -jar}, no option), a
 * fresh embedded database each, the load from outside the node's JVM. One way is the product as shipped, loaded by
 * the harness's client and by wrk, for a commission and for a counselor; the others change one thing each, so the
 * table shows what that thing buys: Axon's own command bus and processors ({@code AXON_TUNING=off}), and the
 * contract checks left to the library as they were before the compiled checks, without and with the JIT flag that
 * path needed.
 */
final class Ways {

  /** A way of running a node: what it adds to the environment, and whether wrk loads it too. */
  record Way(String name, Map<String, String> environment, boolean outside) {
  }

  /** Longest warm-up of each node. */
  static final Duration WARMUP_BOUND = Duration.ofSeconds(Long.getLong("bench.waysWarmupSeconds", 90));

  static final List<Way> ALL = List.of(
      new Way("as shipped", Map.of(), true),
      new Way("AXON_TUNING=off (Axon's command bus and processors)", Map.of("AXON_TUNING", "off"), false),
      new Way("contract checks by the library, as before (no JVM flag)",
          Map.of("JAVA_TOOL_OPTIONS", "-Dcouncilline.contractChecks=library"), false),
      new Way("contract checks by the library, with -XX:-DontCompileHugeMethods (the old run command)",
          Map.of("JAVA_TOOL_OPTIONS", "-XX:-DontCompileHugeMethods -Dcouncilline.contractChecks=library"), false));

  private Ways() {
  }

  /** One measured row: which way, which load generator and addressee, and what it achieved. */
  record Row(String way, String generator, String addressee, String warmup, double perSecond, double p50Ms,
             double p99Ms, long refused) {
  }

  /** Every way in turn, each node stopped before the next starts. */
  static List<Row> run(Vertx vertx, int concurrency, Duration window, Duration warmupMax) throws Exception {
    List<Row> rows = new ArrayList<>();
    boolean wrk = Wrk.available();
    for (Way way : ALL) {
      Map<String, String> env = new HashMap<>(Nodes.environment(Nodes.tempDir("way"), null));
      env.putAll(way.environment());
      long started = System.nanoTime();
      Nodes.Child node = Nodes.Child.start(env, null, Nodes.logFile("way"));
      WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("localhost")
          .setDefaultPort(node.port()), new PoolOptions().setHttp1MaxSize(256));
      try {
        node.awaitHealthy(vertx, started, Duration.ofSeconds(60));
        String admin = Benchmark.login(client, "admin", Nodes.ADMIN_PASSWORD);
        JsonObject toCommission = Load.submission(client.post("/api/admin/commissions")
            .bearerTokenAuthentication(admin).sendJson(new JsonObject().put("name", "Benchmark Commission")).await()
            .bodyAsJsonObject().getString("id"));
        JsonObject toCounselor = Load.toCounselor(client.post("/api/admin/counselors")
            .bearerTokenAuthentication(admin).sendJson(new JsonObject().put("fullName", "Benchmark Counselor")
                .put("officialEmail", "counselor@example.al")).await().bodyAsJsonObject().getString("id"));
        String warmup = Compilation.warmUp(List.of(node.process().pid()), window, warmupMax,
            () -> Load.closedLoop(vertx, client, toCommission, concurrency, window, n -> { })).describe();
        rows.add(harness(vertx, client, way, "commission", toCommission, concurrency, window, warmup));
        if (way.outside()) {
          rows.add(harness(vertx, client, way, "counselor, with an organisation", toCounselor, concurrency, window,
              warmup));
          if (wrk) {
            rows.add(outside(node, way, "commission", toCommission, concurrency, window, warmup));
            rows.add(outside(node, way, "counselor, with an organisation", toCounselor, concurrency, window, warmup));
          }
        }
      } finally {
        client.close();
        node.stop();
      }
    }
    return rows;
  }

  private static Row harness(Vertx vertx, WebClient client, Way way, String addressee, JsonObject body,
                             int concurrency, Duration window, String warmup) {
    Load.Result result = Load.closedLoop(vertx, client, body, concurrency, window, n -> { });
    return new Row(way.name(), "the harness's client", addressee, warmup, result.perSecond(),
        result.latency().getValueAtPercentile(50) / 1e6, result.latency().getValueAtPercentile(99) / 1e6,
        result.refused());
  }

  private static Row outside(Nodes.Child node, Way way, String addressee, JsonObject body, int concurrency,
                             Duration window, String warmup) throws Exception {
    Wrk.Result result = Wrk.submit(node.port(), body, concurrency, window);
    return new Row(way.name(), "wrk, a process of its own", addressee, warmup, result.perSecond(), result.p50Ms(),
        result.p99Ms(), result.refused());
  }

  /** The rows as the report's table, each rate also against the shipped node's with the same generator and body. */
  static List<String[]> table(List<Row> rows) {
    List<String[]> table = new ArrayList<>();
    for (Row row : rows) {
      double shipped = rows.stream().filter(r -> r.way().equals(ALL.get(0).name())
              && r.generator().equals(row.generator()) && r.addressee().equals(row.addressee()))
          .mapToDouble(Row::perSecond).findFirst().orElse(Double.NaN);
      table.add(new String[] {row.way(), row.generator(), row.addressee(), row.warmup(),
          String.format("%.0f/s", row.perSecond()), String.format("%.2f ×", row.perSecond() / shipped),
          Report.ms(row.p50Ms()), Report.ms(row.p99Ms()), String.valueOf(row.refused())});
    }
    return table;
  }

  static final String[] HEADER = {"Way", "Load from", "Addressee", "Warm-up", "Submissions", "÷ as shipped",
      "p50", "p99", "Refused"};
}
