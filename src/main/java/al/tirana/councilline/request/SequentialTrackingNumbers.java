package al.tirana.councilline.request;

import al.tirana.councilline.platform.config.Config;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * {@code PREFIX-YEAR-NNNNNN}, from one database sequence per year (see events/V1__event_store.sql), so numbers are
 * unique across threads and nodes. A submission that fails after drawing its number leaves a gap; numbers are
 * never reused.
 *
 * <p>Submissions that share a transaction (a group, see GroupCommitCommandBus) draw their numbers in one round trip:
 * the first to ask draws one for itself and each submission after it in the group, and the others take theirs from
 * that block, in order. One round trip per submission had been the only statement a group's commands could not
 * batch; under load each waited for a busy PostgreSQL backend to be scheduled. Numbers a group drew but did not use
 * (a submission that broke a rule, a group rolled back) are gaps, like any other failed submission's.
 */
public record SequentialTrackingNumbers(String prefix, ConnectionProvider connections) implements TrackingNumbers {

  private static final String DRAWN = SequentialTrackingNumbers.class.getName() + ".drawn.";

  @Override
  public String next(Instant submittedAt) {
    int year = submittedAt.atZone(Config.ZONE).getYear();
    Deque<Long> drawn = drawnForThisGroup(year);
    if (drawn.isEmpty()) {
      drawn.addAll(draw(year, stillToAsk()));
    }
    return format(prefix, year, drawn.removeFirst());
  }

  /** The numbers of {@code year} this unit of work drew and has not handed out yet; outside one, none. */
  private static Deque<Long> drawnForThisGroup(int year) {
    if (!CurrentUnitOfWork.isStarted()) {
      return new ArrayDeque<>(1);
    }
    return CurrentUnitOfWork.get().root().getOrComputeResource(DRAWN + year, key -> new ArrayDeque<>());
  }

  /** This command and those after it in its group: the most numbers the group can still use. */
  private static int stillToAsk() {
    if (!CurrentUnitOfWork.isStarted()
        || !(CurrentUnitOfWork.get().root() instanceof BatchingUnitOfWork<?> group)) {
      return 1;
    }
    List<?> commands = group.getMessages();
    int current = commands.indexOf(group.getMessage());
    return current < 0 ? 1 : commands.size() - current;
  }

  private List<Long> draw(int year, int count) {
    try {
      Connection connection = connections.getConnection();
      try (PreparedStatement next = connection.prepareStatement(
          "SELECT next_tracking_number(?) FROM generate_series(1, ?) ORDER BY 1")) {
        next.setInt(1, year);
        next.setInt(2, count);
        try (ResultSet rs = next.executeQuery()) {
          List<Long> numbers = new ArrayList<>(count);
          while (rs.next()) {
            numbers.add(rs.getLong(1));
          }
          return numbers;
        }
      }
    } catch (SQLException ex) {
      throw new IllegalStateException("Could not issue a tracking number", ex);
    }
  }

  /**
   * The text {@code String.format("%s-%d-%06d", ...)} gives for a sequence's numbers, built without parsing a format
   * pattern for every submission (that was 1 % of a loaded node's CPU).
   */
  public static String format(String prefix, int year, long sequence) {
    if (sequence < 1) {
      throw new IllegalArgumentException("A tracking sequence starts at 1, not " + sequence);
    }
    String digits = Long.toString(sequence);
    StringBuilder number = new StringBuilder(prefix.length() + 14).append(prefix).append('-').append(year).append('-');
    number.append("000000", 0, Math.max(0, 6 - digits.length()));
    return number.append(digits).toString();
  }
}
