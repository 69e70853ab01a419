package al.tirana.councilline.bench;

import al.tirana.councilline.support.FreePorts;
import al.tirana.councilline.Main;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.RequestOptions;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The nodes a benchmark talks to: their environment, and other nodes started as separate JVMs from the same jar,
 * so their heap can be measured on its own and they reach the database the way a second server would.
 */
final class Nodes {

  static final String ADMIN_PASSWORD = "benchmark-admin-password";
  private static final Pattern G1_USED = Pattern.compile("used (\\d+)K");

  private Nodes() {
  }

  /** A node's settings: its own port, the shared key, and submission limits lifted so the load is not refused. */
  static Map<String, String> environment(Path dataDir, String databaseUrl) throws IOException {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("DATA_DIR", dataDir.toString());
    env.put("HTTP_PORT", String.valueOf(freePort()));
    env.put("EMBEDDED_PG_PORT", String.valueOf(freePort()));
    env.put("ADMIN_PASSWORD", ADMIN_PASSWORD);
    env.put("DATA_KEY", Base64.getEncoder().encodeToString(new byte[32]));
    env.put("RATE_LIMIT_SUBMIT_PER_MINUTE", "100000000");
    env.put("RATE_LIMIT_SUBMIT_TOTAL_PER_MINUTE", "100000000");
    env.put("LOG_FORMAT", "text");
    if (databaseUrl != null) {
      env.put("DATABASE_URL", databaseUrl);
    } else {
      env.remove("DATABASE_URL");
    }
    return env;
  }

  /** Another node: `java` on the jar this benchmark runs from, with the given heap limit and the README's options. */
  record Child(Process process, int port, Path log) {

    /** Lines of a node's log quoted when it dies: enough for the exception and what led to it. */
    static final int LOG_TAIL_LINES = 20;

    static Child start(Map<String, String> env, String maxHeap, Path log) throws IOException {
      ProcessBuilder builder =
          new ProcessBuilder(command(maxHeap)).redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().clear();
      builder.environment().putAll(env);
      return new Child(builder.start(), Integer.parseInt(env.get("HTTP_PORT")), log);
    }

    /** Why the node is gone (its exit code and the end of its log), or null while it runs. */
    String death() {
      if (process.isAlive()) {
        return null;
      }
      return "the node (" + log.getFileName() + ") exited with " + process.exitValue() + "; its log ends: "
          + tail(log, LOG_TAIL_LINES);
    }

    /** Stops a measurement on a node that has died, with why, rather than with a failed connection or jcmd. */
    void requireAlive() {
      String death = death();
      if (death != null) {
        throw new NodeDied(death);
      }
    }

    /**
     * The command line of a node: as the README's run command starts one ({@code java -jar} on the product's jar,
     * no other JVM option), with the heap limit (none when null, exactly the README's command); from the class path when the product is not a jar (an IDE's run).
     */
    static List<String> command(String maxHeap) {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Path product = productJar();
      List<String> heap = maxHeap == null ? List.of() : List.of("-Xmx" + maxHeap);
      List<String> command = new ArrayList<>(List.of(java));
      command.addAll(heap);
      command.addAll(product != null ? List.of("-jar", product.toString())
          : List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
      return List.copyOf(command);
    }

    /** The jar the product's classes were loaded from, or null when they come from a directory. */
    static Path productJar() {
      try {
        Path location = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return Files.isRegularFile(location) ? location : null;
      } catch (java.net.URISyntaxException unreadable) {
        throw new IllegalStateException("Cannot tell where the product's classes come from", unreadable);
      }
    }

    /** How long one health poll may go unanswered. */
    private static final long POLL_TIMEOUT_MS = 1_000;

    /** Polls /health until it answers 200; returns the time that took, or fails after the limit. */
    Duration awaitHealthy(Vertx vertx, long startedNanos, Duration limit) throws InterruptedException {
      HttpClient client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(200));
      try {
        long deadline = startedNanos + limit.toNanos();
        while (System.nanoTime() < deadline) {
          if (!process.isAlive()) {
            throw new IllegalStateException("The node exited with " + process.exitValue() + " before it was healthy");
          }
          try {
            // a poll that is not answered within its idle timeout is given up and the next one sent: in Vert.x
            // 5.0.8 a connection accepted in the instant between the port's bind and its server metrics being set
            // has no connection metric, and its first request fails inside the metrics and is never answered
            // (README, "Not built yet"); without the timeout one such poll counted 30 s as start-up
            int status = client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("localhost")
                    .setPort(port).setURI("/health").setIdleTimeout(POLL_TIMEOUT_MS))
                .compose(request -> request.send())
                .compose(response -> response.body().map(body -> response.statusCode())).await();
            if (status == 200) {
              return Duration.ofNanos(System.nanoTime() - startedNanos);
            }
          } catch (Exception notYet) {
            // not listening yet: the next poll will tell
          }
          Thread.sleep(20);
        }
        throw new IllegalStateException("The node was not healthy within " + limit);
      } finally {
        client.close();
      }
    }

    /** Heap in use right after a full collection, as `jcmd GC.heap_info` reports it for G1. */
    long heapAfterGcBytes() throws IOException, InterruptedException {
      requireAlive();
      jcmd("GC.run");
      Matcher used = G1_USED.matcher(jcmd("GC.heap_info"));
      if (!used.find()) {
        throw new IllegalStateException("jcmd GC.heap_info printed no 'used' figure");
      }
      return Long.parseLong(used.group(1)) * 1024;
    }

    /** Resident memory of the whole process (heap, direct buffers, threads, code), from /proc. */
    long residentBytes() throws IOException {
      return Files.readAllLines(Path.of("/proc/" + process.pid() + "/status")).stream()
          .filter(line -> line.startsWith("VmRSS:"))
          .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024)
          .findFirst().orElse(0L);
    }

    private String jcmd(String what) throws IOException, InterruptedException {
      Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
          String.valueOf(process.pid()), what).redirectErrorStream(true).start();
      String out = new String(jcmd.getInputStream().readAllBytes());
      if (!jcmd.waitFor(30, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
        throw new IllegalStateException("jcmd " + what + " failed: " + out);
      }
      return out;
    }

    /** SIGTERM, so the node shuts down the way an operator would stop it. */
    void stop() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  /** A node the benchmark measures has exited; the message says how and quotes its log. */
  static final class NodeDied extends IllegalStateException {
    NodeDied(String message) {
      super(message);
    }
  }

  /** The last {@code lines} non-empty lines of a log, joined with " / ", for a one-line report. */
  static String tail(Path log, int lines) {
    try {
      List<String> all = Files.readAllLines(log, java.nio.charset.StandardCharsets.ISO_8859_1).stream()
          .filter(line -> !line.isBlank())
          .map(line -> line.length() > 300 ? line.substring(0, 300) + "…" : line).toList();
      return String.join(" / ", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException unreadable) {
      return "(its log " + log + " could not be read: " + unreadable.getMessage() + ")";
    }
  }

  /** Data directories this run made; node A's alone holds the grown log, gigabytes. */
  private static final List<Path> TEMP_DIRS = new ArrayList<>();

  static Path tempDir(String name) throws IOException {
    Path dir = Files.createTempDirectory("councilline-bench-" + name);
    TEMP_DIRS.add(dir);
    return dir;
  }

  /** Deletes the run's data directories; only once every node on them has stopped. */
  static void deleteTempDirs() throws IOException {
    for (Path dir : TEMP_DIRS) {
      try (Stream<Path> paths = Files.walk(dir)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(path);
        }
      }
    }
    TEMP_DIRS.clear();
  }

  static Path logFile(String name) {
    return new File(System.getProperty("java.io.tmpdir"), "councilline-bench-" + name + ".log").toPath();
  }

  static int freePort() throws IOException {
    return FreePorts.pick();
  }
}
