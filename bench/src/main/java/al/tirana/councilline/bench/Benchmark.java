package al.tirana.councilline.bench;

import al.tirana.councilline.audit.SealingProjection;
import al.tirana.councilline.app.Application;
import al.tirana.councilline.platform.config.Config;
import al.tirana.councilline.platform.db.Database;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/**
 * Measures the quality targets P1-P6 against the real application and writes BENCHMARKS.md. Not a test: it prints
 * figures. Node A runs in this JVM on its embedded PostgreSQL; node B (P2, P3) and the cold-start node (P6) are
 * separate JVMs started from the same jar. All load is on loopback and bounded in count and time.
 */
public final class Benchmark {

  private static final Duration RUN = Duration.ofSeconds(Long.getLong("bench.seconds", 10));
  private static final List<Integer> CONCURRENCY = integers("bench.concurrency", "4,8,16,32,64");
  /** P1's latency bound: a rate counts towards the target only at a concurrency whose p99 stays within it. */
  private static final double P1_P99_MS = 50;
  private static final List<Integer> SUBSCRIBERS = integers("bench.subscribers", "1000,5000,20000,50000");
  private static final List<Integer> RATES = integers("bench.rates", "500,1000");
  private static final int RATE = RATES.get(RATES.size() - 1);
  private static final long LOG_EVENTS = Long.getLong("bench.events", 1_000_000);
  private static final Duration REBUILD_BOUND = Duration.ofSeconds(Long.getLong("bench.rebuildSeconds", 60));
  private static final String NODE_HEAP = System.getProperty("bench.nodeHeap", "512m");
  /** Longest warm-up before P1 and P2 (until the compilers settle) and before P4's replays. */
  private static final Duration WARMUP_BOUND = Duration.ofSeconds(Long.getLong("bench.warmupSeconds", 240));
  /** How long each projection replays in a round of P4's warm-up. */
  static final Duration REPLAY_WARMUP = Duration.ofSeconds(5);
  private static final long SELF = ProcessHandle.current().pid();
  /**
   * {@code -Dbench.only=P1}: only P1 (submissions against the baselines), printed, BENCHMARKS.md left as it is;
   * {@code ways} for P1 on nodes started by the run command, {@code P6} for the cold start, {@code P5} for the
   * as-of reconstructions alone.
   */
  private static final List<String> ONLY = System.getProperty("bench.only", "").isBlank() ? List.of()
      : List.of(System.getProperty("bench.only").split(","));
  /** P7's load, and its latency bound in the seconds after the kill. */
  static final int FAILOVER_RATE = Integer.getInteger("bench.failoverRate", 200);
  private static final double FAILOVER_P99_MS = 2_000;

  /** The clients (and wrk's connections) of P1 on the nodes started by the run command. */
  private static final int WAYS_CONCURRENCY = Integer.getInteger("bench.waysConcurrency", 16);

  private static final Path REPORT_FILE = Path.of("BENCHMARKS.md");
  /**
   * Subscribers with a connection of their own (SSE over HTTP/1.1, WebSocket) at most: those rows are informative
   * (the target is for HTTP/2), and the product's admission limit refuses what a node cannot hold anyway.
   */
  private static final int CONNECTION_SUBSCRIBERS = Integer.getInteger("bench.connectionSubscribers", 20_000);

  /** P3's transports, in order ({@code bench.transports}): sse (HTTP/1.1), websocket, http2 (SSE over HTTP/2). */
  private static final List<String> TRANSPORTS = Arrays.stream(System.getProperty("bench.transports",
      "sse,websocket,http2").split(",")).map(String::trim)
      .map(t -> t.equals("http2") ? Subscribers.SSE_OVER_HTTP2 : t).toList();

  private final Report report = new Report();
  private String machine = "(not described yet)";
  private final Vertx vertx = Application.createVertx();

  private Benchmark() {
  }

  public static void main(String[] args) throws Exception {
    new Benchmark().run();
    System.exit(0);
  }

  private void run() throws Exception {
    if (ONLY.isEmpty() || ONLY.contains("P6")) {
      coldStart();
    }
    Map<String, String> envA = Nodes.environment(Nodes.tempDir("node-a"), null);
    Config config = Config.from(envA);
    Application app = Application.start(vertx, config).await();
    String databaseUrl = app.database().url();
    WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("localhost")
        .setDefaultPort(config.httpPort()), new PoolOptions().setHttp1MaxSize(256));
    String admin = login(client, "admin", Nodes.ADMIN_PASSWORD);
    String commission = client.post("/api/admin/commissions").bearerTokenAuthentication(admin)
        .sendJson(new JsonObject().put("name", "Benchmark Commission")).await().bodyAsJsonObject().getString("id");
    JsonObject body = Load.submission(commission);

    machine = Machine.describe(app.database().jdbc());
    List<String> numbers = Collections.synchronizedList(new ArrayList<>());
    if (ONLY.isEmpty() || ONLY.contains("P1")) {
      part("P1", "HTTP submit throughput", () -> submitThroughput(app, client, body, numbers));
    }
    if (ONLY.isEmpty() || ONLY.contains("ways")) {
      ways();
    }
    if (ONLY.contains("P5")) {
      // P5 alone: the requests P1 would have submitted, one at a time (their submission is not measured)
      while (numbers.size() < 63) {
        HttpResponse<Buffer> submitted = client.post("/api/requests").sendJson(body).await();
        if (submitted.statusCode() != 201) {
          throw new IllegalStateException("Submission for P5: " + submitted.statusCode() + " "
              + submitted.bodyAsString());
        }
        numbers.add(submitted.bodyAsJsonObject().getString("number"));
      }
      asOf(client, admin, commission, numbers);
    }
    if (!ONLY.isEmpty()) {
      // a partial run (a comparison of one property) prints its tables and leaves BENCHMARKS.md as it is
      if (ONLY.contains("P3")) {
        onNodeB(databaseUrl, nodeB -> part("P3", "Subscribers on one node", () -> fanout(client, body, nodeB)));
      }
      client.close();
      app.stop().await();
      vertx.close().await();
      Nodes.deleteTempDirs();
      return;
    }
    // a new token: P1 and the ways take longer than a token lives (ACCESS_TOKEN_MINUTES)
    part("P5", "As-of reconstruction", () -> asOf(client, login(client, "admin", Nodes.ADMIN_PASSWORD), commission,
        numbers));

    // node B serves P2, then P3; should it die in either, the part says so and the run goes on with P7 and P4
    onNodeB(databaseUrl, nodeB -> {
      part("P2", "Command acknowledged → SSE delivery on another node",
          () -> crossNodeLatency(client, body, nodeB, config.httpPort()));
      part("P3", "Subscribers on one node", () -> fanout(client, body, nodeB));
    });
    part("P7", "kill -9 of one of two nodes under load", () -> failover(databaseUrl, app.database().jdbc(), body));
    part("P4", "Projection rebuild rate", () -> rebuild(app));

    report.write(REPORT_FILE, machine, method());
    client.close();
    app.stop().await();
    vertx.close().await();
    Nodes.deleteTempDirs();
  }

  /** A part of the benchmark, which may fail. */
  interface Part {
    void run() throws Exception;

    /** Parts run on one node. */
    interface OnNode {
      void run(Nodes.Child node) throws Exception;
    }
  }

  /**
   * Runs one part; if it fails (its node died, a client gave up), the headline table says why instead of a
   * figure and the next part runs. A full run then writes BENCHMARKS.md as it stands, so a later crash cannot lose
   * this part's figures.
   */
  private void part(String id, String what, Part body) throws java.io.IOException {
    measure(report, id, what, body);
    if (ONLY.isEmpty()) {
      report.checkpoint(REPORT_FILE, machine, method(), id);
    }
  }

  /** Runs a part and reports its failure, with the cause, rather than throwing it. */
  static void measure(Report report, String id, String what, Part body) {
    try {
      body.run();
    } catch (Exception | OutOfMemoryError failure) {
      // the whole chain, so a node's death (Nodes.NodeDied, with its log) shows however deep it is wrapped
      StringBuilder cause = new StringBuilder();
      for (Throwable t = failure; t != null && cause.length() < 4_000; t = t.getCause() == t ? null : t.getCause()) {
        cause.append(cause.length() == 0 ? "" : "; caused by ").append(t);
      }
      System.err.println(id + " failed:");
      failure.printStackTrace();
      report.failed(id, what, cause.toString());
    }
  }

  /** A node B for the parts that need a second node, stopped after them however they end. */
  private void onNodeB(String databaseUrl, Part.OnNode parts) throws Exception {
    Nodes.Child nodeB = Nodes.Child.start(Nodes.environment(Nodes.tempDir("node-b"), databaseUrl), NODE_HEAP,
        Nodes.logFile("node-b"));
    try {
      nodeB.awaitHealthy(vertx, System.nanoTime(), Duration.ofSeconds(60));
      parts.run(nodeB);
    } finally {
      nodeB.stop();
    }
  }

  private String method() {
    return Method.text(RUN, CONCURRENCY, RATES, LOG_EVENTS, REBUILD_BOUND, NODE_HEAP, WARMUP_BOUND);
  }

  /** P1 on nodes started by the README's run command, one way of running at a time (Ways). */
  private void ways() throws Exception {
    report.table(String.format("P1 on a node started by the README's run command, by way of running: %d clients or "
            + "wrk connections, %d s each, a fresh embedded database per node", WAYS_CONCURRENCY, RUN.toSeconds()),
        Ways.HEADER, Ways.table(Ways.run(vertx, WAYS_CONCURRENCY, RUN, Ways.WARMUP_BOUND)));
  }

  /**
   * P7: nodes C and D, separate JVMs on node A's database, warmed up, then {@value #FAILOVER_RATE} submissions/s
   * sent to them in turn for 20 s, D being killed with SIGKILL after 10 s (Failover).
   */
  private void failover(String databaseUrl, Database.Parsed jdbc, JsonObject body) throws Exception {
    Nodes.Child c = Nodes.Child.start(Nodes.environment(Nodes.tempDir("node-c"), databaseUrl), NODE_HEAP,
        Nodes.logFile("node-c"));
    Nodes.Child d = Nodes.Child.start(Nodes.environment(Nodes.tempDir("node-d"), databaseUrl), NODE_HEAP,
        Nodes.logFile("node-d"));
    try {
      c.awaitHealthy(vertx, System.nanoTime(), Duration.ofSeconds(60));
      d.awaitHealthy(vertx, System.nanoTime(), Duration.ofSeconds(60));
      for (Nodes.Child node : List.of(c, d)) {
        WebClient warm = Failover.client(vertx, node.port());
        Load.paced(vertx, warm, body, FAILOVER_RATE, RUN, 256);
        warm.close();
      }
      Failover.Outcome outcome = Failover.run(vertx, jdbc, body, c, d, FAILOVER_RATE, Duration.ofSeconds(10),
          Duration.ofSeconds(10));
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"sent", String.valueOf(outcome.sent())});
      rows.add(new String[] {"acknowledged", String.valueOf(outcome.acknowledged())});
      rows.add(new String[] {"sent again to the other node", String.valueOf(outcome.retries())});
      rows.add(new String[] {"never answered", String.valueOf(outcome.unanswered())});
      rows.add(new String[] {"acknowledged but not in the log (lost)", String.valueOf(outcome.lost())});
      rows.add(new String[] {"in the log more often than acknowledged (doubled)", String.valueOf(outcome.doubled())});
      rows.add(new String[] {"p50 / p99 / max before the kill", latencies(outcome.beforeKill())});
      rows.add(new String[] {"p50 / p99 / max in the 10 s after the kill", latencies(outcome.afterKill())});
      report.table("P7: " + FAILOVER_RATE + " submissions/s to two nodes in turn, one killed with SIGKILL after 10 s; "
          + "latency from a submission's first send to its acknowledgement", new String[] {"What", "Count or time"},
          rows);
      report.target("P7", "kill -9 of one of two nodes under load", "nothing lost or doubled, p99 ≤ 2 s meanwhile",
          String.format("%d lost, %d doubled, %d unanswered, p99 after the kill %s", outcome.lost(), outcome.doubled(),
              outcome.unanswered(), Report.ms(outcome.afterKill().getValueAtPercentile(99) / 1e6)),
          outcome.met(FAILOVER_P99_MS));
    } finally {
      c.stop();
      d.stop();
    }
  }

  private static String latencies(Histogram histogram) {
    return Report.ms(histogram.getValueAtPercentile(50) / 1e6) + " / "
        + Report.ms(histogram.getValueAtPercentile(99) / 1e6) + " / " + Report.ms(histogram.getMaxValue() / 1e6);
  }

  /** P6: a new JVM on a fresh DATA_DIR (initdb included), then again on the same DATA_DIR. */
  private void coldStart() throws Exception {
    Path dataDir = Nodes.tempDir("cold");
    List<String[]> rows = new ArrayList<>();
    double first = 0;
    double again = 0;
    for (String kind : List.of("first start (initdb, schema, keys)", "restart on existing data")) {
      Map<String, String> env = Nodes.environment(dataDir, null);
      long started = System.nanoTime();
      Nodes.Child node = Nodes.Child.start(env, NODE_HEAP, Nodes.logFile("cold"));
      try {
        double seconds = node.awaitHealthy(vertx, started, Duration.ofSeconds(60)).toMillis() / 1000.0;
        if (first == 0) {
          first = seconds;
        } else {
          again = seconds;
        }
        rows.add(new String[] {kind, String.format("%.2f s", seconds)});
      } finally {
        node.stop();
      }
    }
    report.table("P6: process start to /health answering 200 (embedded PostgreSQL)", new String[] {"Start", "Time"},
        rows);
    report.target("P6", "Start to healthy, new JVM: on existing data, and on a fresh embedded database",
        "≤ 3 s existing, ≤ 5 s fresh", String.format("%.2f s existing, %.2f s fresh", again, first),
        again <= 3 && first <= 5);
  }

  /**
   * P1 at each concurrency, each next to two yardsticks measured at the same concurrency on the same server: the raw
   * single-row insert rate, and the rate at which raw JDBC writes the same rows as the submissions, grouped into the
   * same transactions (SameRows: a window of submissions recorded by the server, then replayed). The verdict takes
   * the best same-rows ratio among the concurrencies whose p99 is within 50 ms (P1Row). The streaming projections may
   * still be behind when a window ends (they catch up while the next baseline runs), so each row also says how long
   * they took to catch up, and the rate counting that time.
   */
  private void submitThroughput(Application app, WebClient client, JsonObject body, List<String> numbers)
      throws Exception {
    Compilation.Warmup warmup = Compilation.warmUp(List.of(SELF), RUN, WARMUP_BOUND,
        () -> Load.closedLoop(vertx, client, body, 32, RUN, n -> { }));
    catchUp(app);
    List<String[]> rows = new ArrayList<>();
    List<P1Row> measured = new ArrayList<>();
    Map<Integer, SameRows.Measured> replays = new java.util.HashMap<>();
    for (int concurrency : CONCURRENCY) {
      double baseline = Baseline.insertsPerSecond(app.database().jdbc(), concurrency, RUN);
      Load.Result result = Load.closedLoop(vertx, client, body, concurrency, RUN, n -> {
        if (numbers.size() < 1_000) {
          numbers.add(n);
        }
      });
      Duration behind = catchUp(app);
      SameRows.Measured same = SameRows.measure(app.database().jdbc(), () -> {
        long submitted = Load.closedLoop(vertx, client, body, concurrency, SameRows.RECORDING, n -> { })
            .latency().getTotalCount();
        catchUp(app);
        return submitted;
      });
      replays.put(concurrency, same);
      double withCatchUp = result.perSecond() * RUN.toNanos() / (RUN.toNanos() + behind.toNanos());
      P1Row row = new P1Row(result, result.perSecond() / same.perSecond(), withCatchUp / same.perSecond(),
          result.perSecond() / baseline);
      rows.add(new String[] {String.valueOf(concurrency), String.format("%.0f/s", baseline),
          String.format("%.0f/s", same.perSecond()), String.format("%.0f/s", result.perSecond()),
          String.format("%.3f", row.ratio()), String.format("%.3f", row.oneRowRatio()), Report.ms(row.p50()),
          Report.ms(row.p99()), String.valueOf(result.refused()), Report.ms(behind.toNanos() / 1e6),
          String.format("%.0f/s", withCatchUp), String.valueOf(same.replay().failed())});
      measured.add(row);
    }
    report.table("P1: submissions against the same rows written raw and against single-row inserts, by client "
        + "concurrency, after a warm-up of " + warmup.describe(), new String[] {"Clients",
        "Raw INSERT commits", "Same rows raw (submissions' worth)", "HTTP submissions", "Ratio to same rows",
        "Ratio to one-row inserts", "p50", "p99", "Refused", "Projections caught up after", "Rate with the catch-up",
        "Replay failures"}, rows);
    Optional<P1Row> withinLatency = P1Row.best(measured, P1_P99_MS);
    P1Row verdict = withinLatency.orElse(P1Row.best(measured, Double.MAX_VALUE).orElseThrow());
    sameRowsTable(replays.get(verdict.result().concurrency()), verdict.result().concurrency());
    String costs = costs(app, client, body, verdict.result().concurrency());
    report.target("P1", "HTTP submit throughput: the best ratio at any concurrency, and the best whose p99 is within "
            + "the bound", "≥ 0.6 × the same rows written raw, p99 ≤ 50 ms", "best: "
            + P1Row.best(measured, Double.MAX_VALUE).orElseThrow().describe() + "; " + withinLatency
            .map(row -> "with the p99 within " + Report.ms(P1_P99_MS) + ": " + row.describe())
            .orElse("no concurrency kept the p99 within " + Report.ms(P1_P99_MS)) + "; " + costs,
        P1Row.meets(measured, 0.6, P1_P99_MS));
  }

  /**
   * What one submission costs against one raw insert at {@code concurrency}, each in a window of its own (the
   * submissions' CPU counted until the projections caught up), with the database's statistics settled around both.
   * Returns the headline's summary of it.
   */
  private String costs(Application app, WebClient client, JsonObject body, int concurrency) throws Exception {
    Database.Parsed jdbc = app.database().jdbc();
    Work.Counters start = Work.Counters.settled(jdbc);
    Work.Cpu cpuStart = Work.Cpu.now();
    double inserts = Baseline.insertsPerSecond(jdbc, concurrency, RUN);
    Work.Cpu cpuInserted = Work.Cpu.now();
    Work.Counters inserted = Work.Counters.settled(jdbc);
    Work.Cpu cpuSubmitting = Work.Cpu.now();
    Load.Result result = Load.closedLoop(vertx, client, body, concurrency, RUN, n -> { });
    catchUp(app);
    Work.Cpu cpuSubmitted = Work.Cpu.now();
    Work.Counters submitted = Work.Counters.settled(jdbc);
    Work.Cost insert = Work.Cost.of(Math.round(inserts * RUN.toSeconds()), cpuStart, cpuInserted, start, inserted);
    Work.Cost submission = Work.Cost.of(result.latency().getTotalCount(), cpuSubmitting, cpuSubmitted, inserted,
        submitted);
    List<String[]> rows = new ArrayList<>();
    rows.add(costRow("CPU of the whole machine", insert.machineCpuMs(), submission.machineCpuMs(), "%.3f ms"));
    rows.add(costRow("CPU of the benchmark's JVM (the JDBC clients; node A and its HTTP clients)",
        insert.selfCpuMs(), submission.selfCpuMs(), "%.3f ms"));
    rows.add(costRow("CPU of the rest (PostgreSQL, mostly)", insert.machineCpuMs() - insert.selfCpuMs(),
        submission.machineCpuMs() - submission.selfCpuMs(), "%.3f ms"));
    rows.add(costRow("Write transactions", insert.writeTransactions(), submission.writeTransactions(), "%.2f"));
    rows.add(costRow("Rows written (inserted, updated, deleted)", insert.rowsWritten(), submission.rowsWritten(),
        "%.2f"));
    rows.add(costRow("WAL", insert.walBytes() / 1024, submission.walBytes() / 1024, "%.2f KiB"));
    report.table(String.format("P1: what one submission costs against one raw insert, at %d clients (%.0f inserts/s "
        + "and %.0f submissions/s, each in a window of %d s of its own)", concurrency, inserts, result.perSecond(),
        RUN.toSeconds()), new String[] {"Per unit", "Raw INSERT", "HTTP submission", "Submission ÷ insert"}, rows);
    List<String[]> tables = new ArrayList<>();
    submission.rowsByTable().entrySet().stream()
        .sorted((a, b) -> Double.compare(b.getValue()[0] + b.getValue()[1] + b.getValue()[2],
            a.getValue()[0] + a.getValue()[1] + a.getValue()[2]))
        .forEach(e -> tables.add(new String[] {e.getKey(), String.format("%.2f", e.getValue()[0]),
            String.format("%.2f", e.getValue()[1]), String.format("%.2f", e.getValue()[2])}));
    report.table("P1: the rows one submission writes, by table (the same window)",
        new String[] {"Table", "Inserted", "Updated", "Deleted"}, tables);
    return String.format("at %d clients a submission costs %.1f × an insert's CPU and writes %.1f rows and %.0f × its "
        + "WAL", concurrency, submission.machineCpuMs() / insert.machineCpuMs(), submission.rowsWritten(),
        submission.walBytes() / insert.walBytes());
  }

  /**
   * What the recorded window wrote and what its replay wrote, per table (PostgreSQL's statistics for each schema):
   * the same rows, or the replay would not be the same work.
   */
  private void sameRowsTable(SameRows.Measured same, int concurrency) {
    Map<String, Long> statements = same.statementsByTable();
    java.util.Set<String> tables = new java.util.TreeSet<>(same.windowRows().keySet());
    tables.addAll(same.replayRows().keySet());
    List<String[]> rows = new ArrayList<>();
    for (String table : tables) {
      long[] window = same.windowRows().getOrDefault(table, new long[3]);
      long[] replayed = same.replayRows().getOrDefault(table, new long[3]);
      rows.add(new String[] {table, String.valueOf(statements.getOrDefault(table, 0L)),
          window[0] + " / " + window[1] + " / " + window[2], replayed[0] + " / " + replayed[1] + " / " + replayed[2]});
    }
    report.table(String.format("P1: the same rows at %d clients: %d submissions recorded in %d s, their %d write "
            + "statements in %d transactions over %d sessions (%d transactions the server refused left out) "
            + "replayed in %s (the longest session, %d transactions mostly into %s, %s), %d statements refused in "
            + "the replay%s",
            concurrency, same.submissions(), SameRows.RECORDING.toSeconds(), same.sessions().statements(),
            same.sessions().transactions(), same.sessions().bySession().size(), same.sessions().failedInTheApp(),
            Report.ms(same.replay().elapsed().toNanos() / 1e6), same.replay().longestSessionTransactions(),
            same.replay().longestSessionTable(),
            Report.ms(same.replay().longestSession().toNanos() / 1e6), same.replay().failed(),
            same.replay().firstFailures().isEmpty() ? "" : " (first: " + same.replay().firstFailures().get(0)
                .replace('|', '/').replace('\n', ' ') + ")"),
        new String[] {"Table", "Statements replayed", "Window: inserted / updated / deleted",
            "Replay: inserted / updated / deleted"}, rows);
  }

  private static String[] costRow(String what, double insert, double submission, String format) {
    return new String[] {what, String.format(format, insert), String.format(format, submission),
        String.format("%.1f ×", submission / insert)};
  }

  /** Waits until every streaming projection and the hash chain have handled the log up to its head now. */
  private static Duration catchUp(Application app) throws InterruptedException {
    long head = app.axon().eventStore().createHeadToken().position().orElse(0);
    List<String> processors = new ArrayList<>(app.projections().names());
    processors.add(SealingProjection.NAME);
    long started = System.nanoTime();
    long deadline = started + Duration.ofSeconds(60).toNanos();
    while (!processors.stream().allMatch(name -> app.projections().caughtUp(name, head))
        && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    return Duration.ofNanos(System.nanoTime() - started);
  }

  /** P5 for histories of 10, 100 and 1,000 events. */
  private void asOf(WebClient client, String admin, String commission, List<String> numbers) {
    String auditor = createUser(client, admin, "bench.auditor", "AUDITOR");
    String staff = createUser(client, admin, "bench.desk", "STAFF");
    List<String[]> rows = new ArrayList<>();
    double worst = 0;
    int offset = 0;
    for (int[] shape : new int[][] {{10, 50}, {100, 10}, {1_000, 3}}) {
      List<String> sample = new ArrayList<>(numbers.subList(offset, offset + shape[1]));
      offset += shape[1];
      History.extend(client, staff, commission, sample, shape[0]);
      Histogram latency = History.asOf(client, auditor, sample, 1_000);
      double p99 = latency.getValueAtPercentile(99) / 1e6;
      worst = Math.max(worst, p99);
      rows.add(new String[] {String.valueOf(shape[0]), String.valueOf(shape[1]),
          String.valueOf(latency.getTotalCount()), Report.ms(latency.getValueAtPercentile(50) / 1e6),
          Report.ms(p99), Report.ms(latency.getMaxValue() / 1e6)});
    }
    report.table("P5: GET /api/audit/requests/{number} as an auditor (as of now: from the latest snapshot of the fold "
        + "and the events after it)",
        new String[] {"Events per request", "Requests", "Calls", "p50", "p99", "max"}, rows);
    report.target("P5", "As-of reconstruction, requests of 10, 100 and 1,000 events", "p99 ≤ 5 ms (1,000 events)",
        "worst p99 " + Report.ms(worst), worst <= 5);
  }

  /** P2: submissions to node A at a fixed rate; the feed item read over SSE from node B. */
  private void crossNodeLatency(WebClient clientA, JsonObject body, Nodes.Child nodeB, int portA) throws Exception {
    HttpClient sse = vertx.createHttpClient();
    WebClient clientB = WebClient.create(vertx, new WebClientOptions().setDefaultHost("localhost")
        .setDefaultPort(nodeB.port()), new PoolOptions().setHttp1MaxSize(256));
    List<String[]> rows = new ArrayList<>();
    boolean met = false;
    String headline = "";
    Compilation.Warmup warmup;
    try {
      Subscribers.FeedListener listener = Subscribers.feedArrivals(sse, "localhost", nodeB.port());
      Map<String, Long> arrivals = listener.arrivals();
      // Node B has just started: without this, the rows measured its JIT compilers on the shared two cores
      // (p99s of 0.3 to 1.5 s at 100/s that later rows never showed). Not reported.
      warmup = Compilation.warmUp(List.of(SELF, nodeB.process().pid()), RUN.multipliedBy(2), WARMUP_BOUND, () -> {
        for (WebClient client : List.of(clientA, clientB)) {
          Load.paced(vertx, client, body, RATE, RUN, 256);
        }
      });
      Load.sleep(2_000);
      for (int rate : RATES) {
        for (boolean toA : new boolean[] {true, false}) {
          Load.Paced paced = Load.paced(vertx, toA ? clientA : clientB, body, rate, RUN.multipliedBy(2), 256);
          Load.sleep(5_000);
          Delivery delivery = Delivery.of(paced, arrivals);
          rows.add(new String[] {String.valueOf(rate), toA ? "A (holds the projections)" : "B (the subscriber's)",
              String.format("%.0f/s", paced.achievedPerSecond()), String.valueOf(paced.ackedAt().size()),
              Report.ms(delivery.p(50)), Report.ms(delivery.p(99)), Report.ms(delivery.max()),
              String.valueOf(delivery.early()), String.valueOf(delivery.missing() + paced.refused())});
          if (toA && rate == RATE) {
            met = paced.achievedPerSecond() >= rate * 0.95 && delivery.p(99) <= 50 && delivery.missing() == 0
                && paced.refused() == 0;
            headline = String.format("%.0f/s achieved; p50 %s, p99 %s, max %s; %d not delivered",
                paced.achievedPerSecond(), Report.ms(delivery.p(50)), Report.ms(delivery.p(99)),
                Report.ms(delivery.max()), delivery.missing() + paced.refused());
          }
        }
      }
      if (listener.endedEarly().get() != null) {
        // every later item would have counted as lost: the figures are not a measurement
        met = false;
        headline += "; the SSE stream ended during the run: " + listener.endedEarly().get();
      }
    } finally {
      clientB.close();
      sse.close();
    }
    report.table("P2: 201 received → feed item received over SSE from node B, paced submissions for "
            + RUN.multipliedBy(2).toSeconds() + " s per row, after a warm-up of both nodes of " + warmup.describe(),
        new String[] {"Rate", "Submitted to node", "Achieved", "Acknowledged", "p50", "p99", "max",
            "Arrived before the 201", "Not delivered or refused"}, rows);
    report.target("P2", "Command acknowledged → SSE delivery on another node at " + RATE + " submits/s",
        "p99 ≤ 50 ms", headline, met);
  }

  /**
   * P3 on node B: SSE and WebSocket over a connection each, as many as the machine's open-file limit and
   * {@code bench.connectionSubscribers} allow, and SSE streams multiplexed over HTTP/2, which need a connection per
   * hundred subscribers and so reach the full count. Subscribers the node refuses (503) or that fail are counted; a
   * node that dies ends the part with its cause, the rows measured so far kept.
   */
  private void fanout(WebClient clientA, JsonObject body, Nodes.Child nodeB) throws Exception {
    long possible = Math.min(CONNECTION_SUBSCRIBERS, Math.min(Subscribers.openFilesLeft(nodeB.process().pid()),
        Subscribers.openFilesLeft(ProcessHandle.current().pid())) - 500);
    int largest = SUBSCRIBERS.get(SUBSCRIBERS.size() - 1);
    List<String[]> rows = new ArrayList<>();
    Fanouts verdict = new Fanouts(largest);
    String died = null;
    int host = 2;
    for (String transport : TRANSPORTS) {
      for (int wanted : SUBSCRIBERS) {
        if (died != null) {
          break;
        }
        int n = transport.equals(Subscribers.SSE_OVER_HTTP2) ? wanted : (int) Math.min(wanted, possible);
        try {
          Subscribers.Fanout f = Subscribers.fanout(vertx, nodeB, transport, n, "127.0.0." + host++,
              () -> {
                clientA.post("/api/requests").sendJson(body).await();
                return System.nanoTime();
              });
          rows.add(fanoutRow(f, wanted));
          verdict.add(f, wanted);
        } catch (Nodes.NodeDied death) {
          died = death.getMessage();
          rows.add(new String[] {transport, String.valueOf(n), "node B died: " + Report.cell(died), "", "", "", "",
              "", "", "", ""});
        }
      }
    }
    report.table("P3: one node (-Xmx" + NODE_HEAP + ") holding N public-feed subscribers; one submission to reach "
            + "them all (time from its 201)", FANOUT_HEADER, rows);
    String headline = verdict.headline();
    if (possible < largest && (TRANSPORTS.contains("sse") || TRANSPORTS.contains("websocket"))) {
      headline += "; no more than " + possible + " subscribers with a connection of their own (open-file limit, "
          + "bench.connectionSubscribers)";
    }
    if (died != null) {
      report.failed("P3", "Subscribers on one node in " + NODE_HEAP + " heap; one event to all",
          headline + "; node B died: " + died);
    } else {
      report.target("P3", "Subscribers on one node in " + NODE_HEAP + " heap; one event to all",
          "50,000 (HTTP/2); ≤ 1 s", headline, verdict.met());
    }
  }

  static final String[] FANOUT_HEADER = {"Transport", "Subscribers", "Admitted", "Refused (503)", "Failed",
      "Reached", "Heap after GC before", "Heap after GC with them", "Heap per subscriber", "Process RSS", "First",
      "All"};

  /** One row of P3's table; a failure's first cause is quoted after its count. */
  static String[] fanoutRow(Subscribers.Fanout f, int wanted) {
    return new String[] {f.transport(), f.subscribers() == wanted ? String.valueOf(f.subscribers())
        : f.subscribers() + " (of " + wanted + ")", String.valueOf(f.connected()), String.valueOf(f.refused()),
        f.failed() == 0 ? "0" : f.failed() + " (" + Report.cell(f.firstFailure()) + ")", String.valueOf(f.reached()),
        Report.mib(f.heapBeforeBytes()), Report.mib(f.heapAfterBytes()),
        String.format("%.1f KiB", f.heapPerSubscriber() / 1024.0), Report.mib(f.rssBytes()), Report.ms(f.toFirstMs()),
        Report.ms(f.toAllMs())};
  }

  /**
   * P3's verdict from the rows at the largest size: met when every transport's subscribers there were all admitted
   * and reached within 1 s, and HTTP/2 held the full count.
   */
  static final class Fanouts {
    private final int largest;
    private boolean allReachedInTime = true;
    private boolean fullCount;
    private String headline = "";

    Fanouts(int largest) {
      this.largest = largest;
    }

    void add(Subscribers.Fanout f, int wanted) {
      if (wanted != largest) {
        return;
      }
      boolean inTime = f.reached() == f.subscribers() && f.toAllMs() <= 1_000;
      if (Subscribers.SSE_OVER_HTTP2.equals(f.transport())) {
        allReachedInTime &= inTime;
        fullCount |= inTime && f.subscribers() == wanted;
      }
      headline += String.format("%s%s %d: %d admitted, %d refused, %d failed, %d reached in %s, %.1f KiB heap each",
          headline.isEmpty() ? "" : "; ", f.transport(), f.subscribers(), f.connected(), f.refused(), f.failed(),
          f.reached(), Report.ms(f.toAllMs()), f.heapPerSubscriber() / 1024.0);
    }

    boolean met() {
      return allReachedInTime && fullCount;
    }

    String headline() {
      return headline;
    }
  }

  /** P4: the log grown to LOG_EVENTS, then each streaming projection replayed alone. */
  private void rebuild(Application app) throws Exception {
    app.projections().names().forEach(app.projections()::stop);
    String prefix = Config.from(Map.of()).trackingPrefix();
    long events = Rebuild.growLog(app.database().dataSource(), prefix, LOG_EVENTS);
    long head = app.axon().eventStore().createHeadToken().position().orElse(0);
    // The replay's paths (the event store's own reads, each projection's batch) are not those of live traffic.
    // Compiling them took half the CPU of the first replay in a JVM, which ran at half the rate of the second.
    Compilation.Warmup warmup = Compilation.warmUp(List.of(SELF), REPLAY_WARMUP.multipliedBy(
        app.projections().names().size()), WARMUP_BOUND, () -> {
          for (String projection : app.projections().names()) {
            Rebuild.replay(app, projection, head, REPLAY_WARMUP);
          }
        });
    List<String[]> rows = new ArrayList<>();
    double slowest = Double.MAX_VALUE;
    for (String projection : app.projections().names()) {
      Rebuild.Rate rate = Rebuild.replay(app, projection, head, REBUILD_BOUND);
      slowest = Math.min(slowest, rate.perSecond());
      rows.add(new String[] {projection, String.valueOf(rate.events()), String.format("%.1f s", rate.seconds()),
          String.format("%.0f events/s", rate.perSecond()), rate.reachedHead() ? "yes" : "no (time bound)"});
    }
    report.table("P4: each projection reset and replayed alone over a log of " + events + " events, after "
        + "replaying each for " + REPLAY_WARMUP.toSeconds() + " s in rounds for " + warmup.describe(), new String[] {
        "Projection", "Events replayed", "Time", "Rate", "Reached the head"}, rows);
    report.target("P4", "Projection rebuild rate (slowest projection)", "≥ 100k events/s",
        String.format("%.0f events/s", slowest), slowest >= 100_000);
  }

  /** Acknowledgement → arrival latencies of one paced run; items that arrived before their 201 count as 0. */
  private record Delivery(Histogram latency, long early, long missing) {

    static Delivery of(Load.Paced paced, Map<String, Long> arrivals) {
      Histogram latency = new Histogram(60_000_000_000L, 3);
      long early = 0;
      long missing = 0;
      for (Map.Entry<String, Long> ack : paced.ackedAt().entrySet()) {
        Long arrived = arrivals.get(ack.getKey());
        if (arrived == null) {
          missing++;
        } else {
          early += arrived < ack.getValue() ? 1 : 0;
          latency.recordValue(Math.max(0, arrived - ack.getValue()));
        }
      }
      return new Delivery(latency, early, missing);
    }

    double p(double percentile) {
      return latency.getValueAtPercentile(percentile) / 1e6;
    }

    double max() {
      return latency.getMaxValue() / 1e6;
    }
  }

  static String login(WebClient client, String username, String password) {
    JsonObject answer = client.post("/api/auth/login").sendJson(new JsonObject().put("username", username)
        .put("password", password)).await().bodyAsJsonObject();
    if (answer == null || answer.getString("token") == null) {
      throw new IllegalStateException("Could not log in as " + username + ": " + answer);
    }
    return answer.getString("token");
  }

  private static String createUser(WebClient client, String admin, String username, String role) {
    String password = "benchmark-" + role.toLowerCase() + "-password";
    int status = client.post("/api/admin/users").bearerTokenAuthentication(admin).sendJson(new JsonObject()
        .put("username", username).put("password", password).put("role", role)).await().statusCode();
    if (status != 201) {
      throw new IllegalStateException("Could not create the account " + username + ": HTTP " + status);
    }
    return login(client, username, password);
  }

  private static List<Integer> integers(String property, String fallback) {
    return Arrays.stream(System.getProperty(property, fallback).split(",")).map(String::trim)
        .map(Integer::parseInt).toList();
  }
}
