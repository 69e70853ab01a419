package al.tirana.councilline.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.VertxException;
import io.vertx.core.impl.NoStackTraceTimeoutException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.axonframework.common.jdbc.JdbcException;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

@DisplayName("The error mapping of an unreachable database")
class DatabaseUnavailableTest {

  static Stream<Arguments> unreachable() {
    return Stream.of(
        Arguments.of("a refused connection", new ConnectException("Connection refused")),
        Arguments.of("a TCP connect timeout", new ConnectTimeoutException("connection timed out")),
        Arguments.of("DB_TIMEOUT passing", new TimeoutException("The database did not answer")),
        Arguments.of("a Vert.x timeout", new NoStackTraceTimeoutException("timeout")),
        Arguments.of("the Vert.x pool's wait", new VertxException("Timeout waiting for connection")),
        Arguments.of("a connection lost mid-query", ClosedConnectionException.INSTANCE),
        Arguments.of("the server shutting down under a connection",
            new PgException("terminating connection due to administrator command", "FATAL", "57P01", null)),
        Arguments.of("the server not accepting connections yet",
            new PgException("the database system is starting up", "FATAL", "57P03", null)),
        Arguments.of("the JDBC driver failing to connect",
            new PSQLException("Connection refused", PSQLState.CONNECTION_UNABLE_TO_CONNECT)),
        Arguments.of("Hikari's wait for a connection",
            new SQLTransientConnectionException("axon - Connection is not available, request timed out")),
        Arguments.of("Axon's event store wrapping it", new EventStoreException("Failed to obtain a database connection",
            new SQLTransientConnectionException("axon - Connection is not available"))),
        Arguments.of("Axon's JDBC layer wrapping a lost connection", new JdbcException("commit failed",
            new PSQLException("An I/O error occurred", PSQLState.CONNECTION_FAILURE))),
        Arguments.of("a lookup wrapping a refused connection", new IllegalStateException("Directory lookup failed",
            new RuntimeException(new ConnectException("Connection refused")))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unreachable")
  @DisplayName("is 503 DATABASE_UNAVAILABLE, found anywhere in the cause chain")
  void unreachableIs503(String what, Throwable failure) {
    ApiException error = ErrorHandler.translate(failure, 500);
    assertThat(error.status()).isEqualTo(503);
    assertThat(error.code()).isEqualTo("DATABASE_UNAVAILABLE");
  }

  static Stream<Arguments> notAnOutage() {
    return Stream.of(
        Arguments.of("a unique violation", new PSQLException("duplicate key", PSQLState.UNIQUE_VIOLATION)),
        Arguments.of("a syntax error from PostgreSQL", new PgException("syntax error", "ERROR", "42601", null)),
        Arguments.of("another Vert.x failure", new VertxException("Something else")),
        Arguments.of("a bug", new IllegalStateException("bug")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("notAnOutage")
  @DisplayName("leaves other database failures as they were")
  void otherFailuresAreNot503(String what, Throwable failure) {
    assertThat(ErrorHandler.translate(failure, 500).status()).isEqualTo(500);
  }

  @Test
  @DisplayName("keeps a command's unknown outcome as such")
  void unknownOutcomeStays() {
    ApiException error = ErrorHandler.translate(new RuntimeException(DatabaseUnavailable.outcomeUnknown()), 500);
    assertThat(error.status()).isEqualTo(503);
    assertThat(error.details()).hasToString("{\"outcome\":\"UNKNOWN\",\"retryAfterSeconds\":5}");
  }
}
