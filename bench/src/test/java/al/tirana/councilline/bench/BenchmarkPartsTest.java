package al.tirana.councilline.bench;

import static al.tirana.councilline.support.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.support.StartedApp;
import al.tirana.councilline.support.TestApp;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The benchmark")
class BenchmarkPartsTest {

  @Test
  @DisplayName("grows the log with copies of real request events, under new numbers, that the projections replay")
  void growsTheLogWithReplayableEvents(@StartedApp.Fresh TestApp app, @StartedApp.Admin String admin,
      @StartedApp.Commission("Benchmark Commission") String commission) throws Exception {
    for (int i = 0; i < 3; i++) {
      String number = app.submit(TestApp.submission("COMMISSION", commission)).getString("number");
      app.post("/api/requests/" + number + "/notes", admin, new JsonObject().put("text", "note " + i));
    }
    long before = app.eventCount();

    long total = Rebuild.growLog(app.app().database().dataSource(), app.config().trackingPrefix(), before * 4);

    assertThat(total).isEqualTo(app.eventCount()).isGreaterThanOrEqualTo(before * 4);
    long copies = app.count("SELECT count(DISTINCT aggregate_identifier) FROM domain_event_entry "
        + "WHERE aggregate_identifier LIKE 'B%'");
    long rounds = app.count("SELECT count(DISTINCT split_part(aggregate_identifier, '-', 1)) "
        + "FROM domain_event_entry WHERE aggregate_identifier LIKE 'B%'");
    long originalEvents = app.count("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier LIKE ?",
        app.config().trackingPrefix() + "-%");
    assertThat(copies).as("every round copies all three requests").isEqualTo(3 * rounds).isPositive();
    assertThat(total - before).as("every round copies every event of them").isEqualTo(rounds * originalEvents);
    assertThat(app.count("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier LIKE 'B%' "
        + "AND strpos(convert_from(payload, 'UTF8'), '\"' || aggregate_identifier || '\"') = 0"))
        .as("copies whose payload does not carry their own number").isZero();
    eventually(() -> app.count("SELECT count(DISTINCT number) FROM tracking_item WHERE number LIKE 'B%'")
        == copies);

    long head = app.count("SELECT max(global_index) FROM domain_event_entry");
    Rebuild.Rate rate = Rebuild.replay(app.app(), "tracking", head, Duration.ofSeconds(60));
    assertThat(rate.reachedHead()).isTrue();
    assertThat(rate.events()).isEqualTo(head);
    assertThat(app.count("SELECT count(DISTINCT number) FROM tracking_item WHERE number LIKE 'B%'"))
        .isEqualTo(copies);
  }

  @Test
  @DisplayName("rewrites its figures in BENCHMARKS.md and keeps the hand-written analysis")
  void keepsTheAnalysis(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("BENCHMARKS.md");
    Files.writeString(file, "# Benchmarks\n\n| P1 | old figure |\n\n" + Report.ANALYSIS_HEADING
        + "\n\nWhy P1 misses, written by hand.\n");
    Report report = new Report();
    report.target("P1", "HTTP submit throughput", "≥ 0.6 ×", "274/s", false);

    report.write(file, "- 2 cores", "- the method");

    String written = Files.readString(file);
    assertThat(written).contains("| P1 | HTTP submit throughput | ≥ 0.6 × | 274/s | **missed** |")
        .contains("- 2 cores").contains("- the method").doesNotContain("old figure")
        .endsWith(Report.ANALYSIS_HEADING + "\n\nWhy P1 misses, written by hand.\n");
  }

  @Test
  @DisplayName("starts its other nodes as the README's run command does: java -jar on the product's jar, only a heap limit")
  void startsNodesAsTheReadmeDoes() {
    List<String> command = Nodes.Child.command("512m");

    assertThat(Nodes.Child.productJar()).as("the product comes from its installed jar").isNotNull();
    assertThat(command.subList(1, command.size()))
        .containsExactly("-Xmx512m", "-jar", Nodes.Child.productJar().toString());
    assertThat(Nodes.Child.productJar().getFileName().toString()).isEqualTo("councilline-0.1.0-SNAPSHOT.jar");
    List<String> plain = Nodes.Child.command(null);
    assertThat(plain.subList(1, plain.size())).as("without a heap limit, exactly the README's run command")
        .containsExactly("-jar", Nodes.Child.productJar().toString());
  }

  @Test
  @DisplayName("is run by the command the README gives")
  void runByTheReadmeCommand() throws Exception {
    assertThat(java.nio.file.Files.readString(java.nio.file.Path.of("../README.md"))).contains(Report.COMMAND);
  }

  @Test
  @DisplayName("deletes the data directories it made when it ends")
  void deletesItsDataDirectories() throws Exception {
    Path node = Nodes.tempDir("parts-test");
    Files.createDirectories(node.resolve("postgres/base"));
    Files.writeString(node.resolve("postgres/base/1"), "a table's pages");

    Nodes.deleteTempDirs();

    assertThat(node).doesNotExist();
  }

  @Test
  @DisplayName("warms up until the JIT compilers are quiet, and no longer than its bound while they are not")
  void warmsUpUntilTheCompilersSettle() throws Exception {
    // compilers busy for half of each of the first three rounds, then idle
    AtomicInteger rounds = new AtomicInteger();
    AtomicLong compiled = new AtomicLong();
    Compilation.Round round = () -> {
      long started = System.nanoTime();
      Thread.sleep(100);
      if (rounds.incrementAndGet() <= 3) {
        compiled.addAndGet((System.nanoTime() - started) / 2);
      }
    };
    Compilation.Warmup settled = Compilation.warmUp(pid -> compiled.get(), List.of(1L), Duration.ofMillis(100),
        Duration.ofSeconds(30), round);
    assertThat(rounds).hasValue(4);
    assertThat(settled.lastShare()).isLessThan(Compilation.SETTLED);

    rounds.set(-1_000);
    Compilation.Warmup bounded = Compilation.warmUp(pid -> compiled.get(), List.of(1L), Duration.ofMillis(100),
        Duration.ofMillis(350), round);
    assertThat(rounds).hasValue(-997);
    assertThat(bounded.lastShare()).isGreaterThanOrEqualTo(Compilation.SETTLED);
    assertThat(bounded.took()).isLessThan(Duration.ofMillis(1_000));
  }

  @Test
  @DisplayName("reads the CPU time of a JVM's compiler threads from /proc")
  void readsTheCompilersCpuTime() {
    assertThat(Compilation.cpuNanos(ProcessHandle.current().pid()))
        .as("this JVM has compiled the test framework by now").isPositive();
  }
}
