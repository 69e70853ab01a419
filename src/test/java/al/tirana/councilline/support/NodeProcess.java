package al.tirana.councilline.support;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A node in an operating-system process of its own (the product's {@code Main}), for what an in-process
 * {@link TestApp} cannot show: a kill -9, a SIGTERM, an environment nothing else shares. Its output goes to a file.
 */
public record NodeProcess(Process process, Path log) implements AutoCloseable {

  /** Starts a node with this JVM's environment plus the given variables. */
  public static NodeProcess start(Map<String, String> env, Path log) throws IOException {
    return start(env, log, false);
  }

  /** Starts a node with exactly the given environment, nothing inherited (what an operator sets is all it sees). */
  public static NodeProcess startIsolated(Map<String, String> env, Path log) throws IOException {
    return start(env, log, true);
  }

  private static NodeProcess start(Map<String, String> env, Path log, boolean isolated) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "al.tirana.councilline.Main")
        .redirectErrorStream(true).redirectOutput(log.toFile());
    if (isolated) {
      builder.environment().clear();
    }
    builder.environment().putAll(env);
    return new NodeProcess(builder.start(), log);
  }

  public long pid() {
    return process.pid();
  }

  /** What the node has written so far. */
  public String output() {
    try {
      return Files.readString(log);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /**
   * Waits until the node answers {@code /health} with 200 through the client, failing at once (with the node's
   * output) if it exits, or after the timeout.
   */
  public void awaitHealthy(WebClient client, Duration timeout) throws Exception {
    try {
      Await.until("the node answers /health", timeout, () -> {
        if (!process.isAlive()) {
          throw new AssertionError("the node exited with " + process.exitValue());
        }
        try {
          return client.get("/health").send().await().statusCode() == 200;
        } catch (Exception notYet) {
          return false; // connection refused while the node is still starting: the next poll tells
        }
      });
    } catch (AssertionError notHealthy) {
      throw new AssertionError(notHealthy.getMessage() + "; its output:\n" + output(), notHealthy);
    }
  }

  /** Stops the node with SIGTERM, as an operator would, and waits for it; returns whether it stopped in time. */
  public boolean stop(Duration patience) throws InterruptedException {
    process.destroy();
    return process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Kills the node with SIGKILL (-9) and waits for it; returns whether it was gone in time. */
  public boolean kill(Duration patience) throws InterruptedException {
    process.destroyForcibly();
    return process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Stops the node, and kills it if it does not stop within a minute. */
  @Override
  public void close() throws InterruptedException {
    if (!stop(Duration.ofSeconds(60))) {
      kill(Duration.ofSeconds(60));
    }
  }

  /** As the administrator of a node reached through the client, creates a commission; returns its id. */
  public static String createCommission(WebClient client, String name) {
    String token = client.post("/api/auth/login").sendJson(new JsonObject().put("username", "admin")
        .put("password", TestApp.ADMIN_PASSWORD)).await().bodyAsJsonObject().getString("token");
    return client.post("/api/admin/commissions").bearerTokenAuthentication(token)
        .sendJson(new JsonObject().put("name", name)).await().bodyAsJsonObject().getString("id");
  }
}
