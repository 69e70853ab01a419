package al.tirana.councilline.request;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.platform.axon.JdbcTransactions;
import al.tirana.councilline.platform.db.SchemaMigrator;
import al.tirana.councilline.support.TestDatabase;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

@DisplayName("Tracking numbers")
class TrackingNumbersTest {

  private static final Instant IN_2026 = Instant.parse("2026-06-01T10:00:00Z");

  private final AtomicInteger statements = new AtomicInteger();
  private SequentialTrackingNumbers numbers;

  @BeforeEach
  void freshDatabase() throws Exception {
    PGSimpleDataSource dataSource = TestDatabase.freshDataSource();
    SchemaMigrator.migrate(dataSource);
    JdbcTransactions transactions = new JdbcTransactions(dataSource);
    numbers = new SequentialTrackingNumbers("TR", () -> counting(transactions.getConnection()));
  }

  /** The connection, counting the statements prepared on it: each is a round trip to the database. */
  private Connection counting(Connection connection) {
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
        (proxy, method, args) -> {
          if (method.getName().equals("prepareStatement")) {
            statements.incrementAndGet();
          }
          try {
            return method.invoke(connection, args);
          } catch (InvocationTargetException ex) {
            throw ex.getCause();
          }
        });
  }

  /** A group of submissions sharing one unit of work, as the command bus makes it; {@code asking} say which ask. */
  private List<String> group(int size, int... asking) {
    List<CommandMessage<?>> commands = IntStream.range(0, size)
        .<CommandMessage<?>>mapToObj(i -> GenericCommandMessage.asCommandMessage("submission " + i)).toList();
    BatchingUnitOfWork<CommandMessage<?>> unitOfWork = new BatchingUnitOfWork<>(commands);
    List<String> issued = new ArrayList<>();
    ResultMessage<?> outcome = unitOfWork.executeWithResult(() -> {
      int index = commands.indexOf(unitOfWork.getMessage());
      if (asking.length == 0 || IntStream.of(asking).anyMatch(i -> i == index)) {
        issued.add(numbers.next(IN_2026));
      }
      return null;
    });
    assertThat(outcome.isExceptional()).as("the group committed: %s", outcome).isFalse();
    return issued;
  }

  @Test
  @DisplayName("for a group of submissions are drawn in one round trip, consecutive and in the group's order")
  void groupDrawsOnce() {
    assertThat(group(5)).containsExactly("TR-2026-000001", "TR-2026-000002", "TR-2026-000003", "TR-2026-000004",
        "TR-2026-000005");
    assertThat(statements).as("statements sent for the whole group").hasValue(1);
  }

  @Test
  @DisplayName("for a submission alone are drawn one at a time")
  void aloneDrawsOne() {
    for (int i = 1; i <= 3; i++) {
      DefaultUnitOfWork<CommandMessage<?>> unitOfWork =
          DefaultUnitOfWork.startAndGet(GenericCommandMessage.asCommandMessage("alone"));
      String number = numbers.next(IN_2026);
      unitOfWork.commit();
      assertThat(number).isEqualTo("TR-2026-00000" + i);
    }
    assertThat(statements).hasValue(3);
  }

  @Test
  @DisplayName("a group drew but did not use are gaps, never issued again")
  void unusedNumbersAreGaps() {
    assertThat(group(4, 1)).as("only the second of four asks: it draws for itself and the two after it")
        .containsExactly("TR-2026-000001");
    assertThat(group(2)).containsExactly("TR-2026-000004", "TR-2026-000005");
  }
}
