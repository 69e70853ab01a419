package al.tirana.councilline.core;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Statements for projections, on whatever connection the current transaction owns (see {@link JdbcTransactions}).
 * Instants become timestamps and enums their names; nothing else is converted.
 */
public final class Sql {

  /** Channel that tells every node's live hub that a change log grew; the payload is "stream:position". */
  public static final String LIVE_CHANNEL = "councilline_live";

  private static final String PENDING_NOTIFY = Sql.class.getName() + ".pendingNotify";

  private final ConnectionProvider connections;

  public Sql(ConnectionProvider connections) {
    this.connections = connections;
  }

  public int update(String sql, Object... params) {
    try (PreparedStatement ps = prepare(sql, params)) {
      return ps.executeUpdate();
    } catch (SQLException ex) {
      throw new IllegalStateException("Projection statement failed: " + sql, ex);
    }
  }

  /**
   * Appends to a change log and tells every node about it once the transaction commits (NOTIFY is transactional).
   * Inside a unit of work (a processor's batch) one NOTIFY with the batch's last position is sent just before the
   * commit: the hubs read everything after their own last position anyway, so a hint per row would only cost a
   * round trip per event.
   */
  public long append(String stream, String insertReturningPosition, Object... params) {
    long position = single(insertReturningPosition, params)
        .map(Long::parseLong)
        .orElseThrow(() -> new IllegalStateException("No position returned for " + stream));
    if (!CurrentUnitOfWork.isStarted()) {
      notifyLive(stream, position);
      return position;
    }
    UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
    Map<String, Long> pending = batch.getOrComputeResource(PENDING_NOTIFY, key -> {
      Map<String, Long> positions = new TreeMap<>();
      batch.onPrepareCommit(uow -> positions.forEach(this::notifyLive));
      return positions;
    });
    pending.merge(stream, position, Math::max);
    return position;
  }

  private void notifyLive(String stream, long position) {
    single("SELECT pg_notify(?, ?)", LIVE_CHANNEL, stream + ":" + position);
  }

  public Optional<String> single(String sql, Object... params) {
    try (PreparedStatement ps = prepare(sql, params); ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
    } catch (SQLException ex) {
      throw new IllegalStateException("Projection query failed: " + sql, ex);
    }
  }

  public Optional<Instant> instant(String sql, Object... params) {
    try (PreparedStatement ps = prepare(sql, params); ResultSet rs = ps.executeQuery()) {
      return rs.next() && rs.getTimestamp(1) != null ? Optional.of(rs.getTimestamp(1).toInstant()) : Optional.empty();
    } catch (SQLException ex) {
      throw new IllegalStateException("Projection query failed: " + sql, ex);
    }
  }

  private PreparedStatement prepare(String sql, Object... params) throws SQLException {
    Connection connection = connections.getConnection();
    PreparedStatement ps = connection.prepareStatement(sql);
    for (int i = 0; i < params.length; i++) {
      Object value = params[i];
      if (value instanceof Instant instant) {
        ps.setTimestamp(i + 1, Timestamp.from(instant));
      } else if (value instanceof Enum<?> e) {
        ps.setString(i + 1, e.name());
      } else {
        ps.setObject(i + 1, value);
      }
    }
    return ps;
  }
}
