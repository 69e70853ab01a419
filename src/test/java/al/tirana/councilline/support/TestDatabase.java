package al.tirana.councilline.support;

import al.tirana.councilline.core.Database;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.postgresql.ds.PGSimpleDataSource;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * One PostgreSQL server for the whole test run, and a fresh database on it for each test class.
 * By default a real embedded PostgreSQL 17; with {@code -Ddb=testcontainers} a PostgreSQL 17 container instead
 * (needs a Docker engine, which the CI machines do not have).
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
    PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:17")
        .withCommand("postgres", "-c", "max_connections=500");
    container.start();
    return new Server(container.getHost(), container.getMappedPort(5432), container.getUsername(),
        container.getPassword());
  }
}
