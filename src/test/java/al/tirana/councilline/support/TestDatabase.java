package al.tirana.councilline.support;

import al.tirana.councilline.platform.db.Database;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.postgresql.ds.PGSimpleDataSource;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * One PostgreSQL server for the whole test run, and a fresh database on it for each test class.
 * By default a real embedded PostgreSQL 17; with {@code -Ddb=testcontainers} a PostgreSQL container instead (needs
 * a Docker engine): the official {@code postgres:17}, or the image named by {@code -Dtestcontainers.postgres.image}
 * or {@code TESTCONTAINERS_POSTGRES_IMAGE}, such as the stand-in that {@code scripts/local-images.sh} builds on a
 * machine without an image registry.
 */
public final class TestDatabase {

  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static volatile Server server;

  private TestDatabase() {
  }

  private record Server(String host, int port, String user, String password) {
  }

  /** postgres://... URL of a new, empty database. */
  public static synchronized String freshDatabaseUrl() throws Exception {
    Server s = server();
    String name = "test_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + s.host() + ":" + s.port() + "/postgres",
        s.user(), s.password()); Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    }
    return "postgres://" + s.user() + ":" + s.password() + "@" + s.host() + ":" + s.port() + "/" + name;
  }

  /** A plain JDBC data source (autocommit, no pool) on a new, empty database. */
  public static PGSimpleDataSource freshDataSource() throws Exception {
    Database.Parsed parsed = Database.Parsed.of(freshDatabaseUrl());
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(parsed.jdbcUrl());
    dataSource.setUser(parsed.user());
    dataSource.setPassword(parsed.password());
    return dataSource;
  }

  private static Server server() throws Exception {
    if (server == null) {
      server = "testcontainers".equals(System.getProperty("db")) ? container() : embedded();
    }
    return server;
  }

  private static Server embedded() throws Exception {
    EmbeddedPostgres postgres = EmbeddedPostgres.builder().setServerConfig("max_connections", "500").start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        postgres.close();
      } catch (Exception ex) {
        System.err.println("Could not stop the test PostgreSQL: " + ex);
      }
    }));
    return new Server("127.0.0.1", postgres.getPort(), "postgres", "postgres");
  }

  @SuppressWarnings("resource")
  private static Server container() {
    PostgreSQLContainer<?> container = new PostgreSQLContainer<>(containerImage())
        .withCommand("postgres", "-c", "max_connections=500")
        // published on the loopback interface only (Docker's default is every interface)
        .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withPortBindings(
            new PortBinding(Ports.Binding.bindIp("127.0.0.1"), ExposedPort.tcp(PostgreSQLContainer.POSTGRESQL_PORT))));
    container.start();
    // Ryuk removes the container when the JVM ends; where its image cannot be had it is disabled, so stop it here
    Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
    return new Server(container.getHost(), container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT), container.getUsername(),
        container.getPassword());
  }

  /** Any image that behaves as the official one for these tests is declared a substitute for it. */
  static DockerImageName containerImage() {
    String image = System.getProperty("testcontainers.postgres.image", "");
    if (image.isBlank()) {
      image = System.getenv().getOrDefault("TESTCONTAINERS_POSTGRES_IMAGE", "");
    }
    return image.isBlank() ? DockerImageName.parse("postgres:17")
        : DockerImageName.parse(image).asCompatibleSubstituteFor("postgres");
  }
}
