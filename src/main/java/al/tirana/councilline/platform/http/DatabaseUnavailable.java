package al.tirana.councilline.platform.http;

import io.vertx.core.VertxException;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * The answer while PostgreSQL cannot be reached: 503 {@code DATABASE_UNAVAILABLE} with {@code Retry-After}. Which
 * failures mean "unreachable" is decided here once, from the whole cause chain, because every layer (the Vert.x
 * client, the JDBC driver, Hikari, Axon) wraps the same connection failure in exceptions of its own.
 */
public final class DatabaseUnavailable extends ApiException {

  /** Long enough for the pools to notice a returning server (they try to reconnect every second). */
  public static final int RETRY_AFTER_SECONDS = 5;
  public static final String CODE = "DATABASE_UNAVAILABLE";
  /**
   * The Vert.x pool's answer when no connection came within its connection timeout (SqlConnectionPool keeps it as
   * a private VertxException, so only its message tells it apart).
   */
  private static final String POOL_WAIT_TIMEOUT = "Timeout waiting for connection";

  private DatabaseUnavailable(String message, JsonObject details) {
    super(503, CODE, message, details.put("retryAfterSeconds", RETRY_AFTER_SECONDS));
  }

  /** Nothing was changed, or the request only reads: trying again later is safe. */
  public static DatabaseUnavailable read() {
    return new DatabaseUnavailable("The database is not answering; try again in a few seconds", new JsonObject());
  }

  /**
   * A change was sent to the database and no confirmation came back: it may have been recorded or not, so it is
   * reported neither as done nor as failed.
   */
  public static DatabaseUnavailable outcomeUnknown() {
    return new DatabaseUnavailable("The database did not confirm the change in time, so whether it was recorded is "
        + "unknown; send the same request again (a submission with the same Idempotency-Key), which records it at "
        + "most once", new JsonObject().put("outcome", "UNKNOWN"));
  }

  /** Whether the failure, at any depth, says the database could not be reached or did not answer in time. */
  public static boolean causedBy(Throwable failure) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
      if (t instanceof DatabaseUnavailable || unreachable(t)) {
        return true;
      }
    }
    return false;
  }

  private static boolean unreachable(Throwable t) {
    if (t instanceof SocketException || t instanceof TimeoutException || t instanceof ClosedConnectionException
        || t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
        || t instanceof SQLRecoverableException) {
      return true;
    }
    if (t instanceof VertxException && POOL_WAIT_TIMEOUT.equals(t.getMessage())) {
      return true;
    }
    if (t instanceof SQLException sql) {
      return connectionState(sql.getSQLState()) || closedDatabase(sql.getSQLState(), sql.getMessage());
    }
    return t instanceof DatabaseException db
        && (connectionState(db.getSqlState()) || closedDatabase(db.getSqlState(), db.getMessage()));
  }

  /**
   * A database that refuses new connections (an operator's ALLOW_CONNECTIONS false during maintenance) answers a
   * connection attempt with 55000; that state is otherwise a statement's error, so it counts only with this message.
   */
  private static boolean closedDatabase(String state, String message) {
    return "55000".equals(state) && message != null && message.contains("not currently accepting connections");
  }

  /**
   * SQLSTATE class 08 (connection exception), and the server going away under a connection: 57P01 admin shutdown,
   * 57P02 crash shutdown, 57P03 cannot connect now (starting up or shutting down).
   */
  private static boolean connectionState(String state) {
    return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
        || state.equals("57P03"));
  }
}
