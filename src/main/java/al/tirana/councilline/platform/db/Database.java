package al.tirana.councilline.platform.db;

import al.tirana.councilline.platform.config.Config;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL the application runs on: external when {@code DATABASE_URL} is set, embedded otherwise.
 * Axon gets a blocking JDBC pool (used only from worker threads); the HTTP layer gets the Vert.x reactive pool.
 */
public final class Database implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  private final String url;
  private final Parsed jdbc;
  private final EmbeddedDatabase embedded;
  private final HikariDataSource dataSource;
  private final HikariDataSource schedulerDataSource;
  private final Duration timeout;

  private Database(String url, Parsed jdbc, EmbeddedDatabase embedded, HikariDataSource dataSource,
                   HikariDataSource schedulerDataSource, Duration timeout) {
    this.timeout = timeout;
    this.url = url;
    this.jdbc = jdbc;
    this.embedded = embedded;
    this.dataSource = dataSource;
    this.schedulerDataSource = schedulerDataSource;
  }

  /** Blocking: starts the embedded server when needed. Call from a worker thread or from main. */
  public static Database open(Config config) throws Exception {
    EmbeddedDatabase embedded = null;
    String url;
    Parsed jdbc;
    if (config.databaseUrl().isPresent()) {
      url = config.databaseUrl().get();
      jdbc = Parsed.of(url);
    } else {
      embedded = EmbeddedDatabase.start(config.dataDir(), config.embeddedPgPort());
      url = embedded.url();
      jdbc = embedded.localJdbc();
      LOG.info("Embedded PostgreSQL is running; other nodes and tools connect with DATABASE_URL={}", url);
    }
    try {
      return new Database(url, jdbc, embedded,
          jdbcPool("axon", jdbc, config.dbPoolSize(), false, true, config.dbTimeout()),
          jdbcPool("deadlines", jdbc, 4, true, false, config.dbTimeout()), config.dbTimeout());
    } catch (RuntimeException ex) {
      if (embedded != null) {
        embedded.close();
      }
      throw ex;
    }
  }

  public String url() {
    return url;
  }

  /** How this node's JDBC pools connect: DATABASE_URL's server, or the embedded one over its Unix socket. */
  public Parsed jdbc() {
    return jdbc;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  /** The Vert.x pool's way in: the embedded server's Unix socket where Vert.x runs on the native transport. */
  public PgConnectOptions connectOptions(Vertx vertx) {
    Optional<PgConnectOptions> socket = embedded == null ? Optional.empty()
        : embedded.socketConnectOptions(vertx.isNativeTransportEnabled());
    return socket.orElseGet(() -> PgConnectOptions.fromUri(url.replaceFirst("^postgres://", "postgresql://")))
        .setCachePreparedStatements(true).setPipeliningLimit(256);
  }

  /** DB_TIMEOUT: how long a caller waits for the database before it is told the database is unavailable. */
  public Duration timeout() {
    return timeout;
  }

  /**
   * Every query, and every wait for a connection, gives up after DB_TIMEOUT (see {@link DbTimeout}); the pool
   * replaces connections a stopped server closed by itself once the server is back.
   */
  public Pool reactivePool(Vertx vertx, int size) {
    int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    Pool pool = PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(size).setConnectionTimeout(millis)
            .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS))
        .with(new NetClientOptions().setConnectTimeout(millis).setTcpKeepAlive(true))
        .connectingTo(connectOptions(vertx)).using(vertx)
        .build();
    return new DbTimeout(vertx, timeout).pool(pool);
  }

  /** db-scheduler manages its own statements and expects autocommit, unlike Axon's pool. */
  public DataSource schedulerDataSource() {
    return schedulerDataSource;
  }

  private static HikariDataSource jdbcPool(String name, Parsed parsed, int size, boolean autoCommit,
                                           boolean multiRowInserts, Duration timeout) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName(name);
    hikari.setJdbcUrl(parsed.jdbcUrl());
    hikari.setUsername(parsed.user());
    hikari.setPassword(parsed.password());
    hikari.setMaximumPoolSize(size);
    // Axon's unit of work commits the connection itself, so the event append, the projection writes and the
    // key-store insert made while handling one command land in a single transaction.
    hikari.setAutoCommit(autoCommit);
    if (multiRowInserts) {
      // a JDBC batch of single-row INSERTs (a projection's batch, an event append) becomes multi-row INSERTs:
      // PostgreSQL starts its executor once per statement, and that start-up cost more than the rows
      hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
    }
    boundWaits(hikari, timeout);
    return new HikariDataSource(hikari);
  }

  /**
   * A command waits at most DB_TIMEOUT for a connection, and opening one (TCP, then PostgreSQL's start-up exchange,
   * which a frozen server accepts and never answers) is bounded by the driver's own timeouts. Statements are not:
   * a long legitimate one (a migration, a chain verification) must not be cut, and the HTTP answer is bounded
   * above them by the command timeout (see {@link Commands}).
   */
  private static void boundWaits(HikariConfig hikari, Duration timeout) {
    long millis = Math.max(250, timeout.toMillis());
    String seconds = String.valueOf(Math.max(1, (timeout.toMillis() + 999) / 1000));
    hikari.setConnectionTimeout(millis);
    hikari.setValidationTimeout(Math.max(250, millis / 2));
    hikari.addDataSourceProperty("connectTimeout", seconds);
    hikari.addDataSourceProperty("loginTimeout", seconds);
    hikari.addDataSourceProperty("tcpKeepAlive", "true");
  }

  @Override
  public void close() throws Exception {
    schedulerDataSource.close();
    dataSource.close();
    if (embedded != null) {
      embedded.close();
    }
  }

  /** DATABASE_URL ({@code postgres://user:pass@host:port/db?params}) as JDBC needs it. */
  public record Parsed(String jdbcUrl, String user, String password) {

    /** Without the password, which a record would print. */
    @Override
    public String toString() {
      return "Parsed[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password=***]";
    }

    public static Parsed of(String url) {
      URI uri = URI.create(url.replaceFirst("^postgres(ql)?://", "postgresql://"));
      if (uri.getHost() == null) {
        throw new IllegalArgumentException("DATABASE_URL must look like postgres://user:pass@host:port/db");
      }
      String user = "postgres";
      String password = "";
      if (uri.getRawUserInfo() != null) {
        String[] parts = uri.getRawUserInfo().split(":", 2);
        user = decode(parts[0]);
        password = parts.length > 1 ? decode(parts[1]) : "";
      }
      int port = uri.getPort() > 0 ? uri.getPort() : 5432;
      String db = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
      String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
      return new Parsed("jdbc:postgresql://" + uri.getHost() + ":" + port + "/" + db + query, user, password);
    }

    private static String decode(String s) {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
  }
}
