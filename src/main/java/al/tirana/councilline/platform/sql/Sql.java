package al.tirana.councilline.platform.sql;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.postgresql.PGStatement;

/**
 * Statements for projections, on whatever connection the current transaction owns (see {@link JdbcTransactions}).
 * Instants become timestamps, enums their names and string arrays text[]; nothing else is converted.
 *
 * <p>Inside a unit of work (a processor's batch of events) {@link #write} and {@link #append} are held back and sent
 * together just before the commit, as {@link WriteBehind JDBC batches}: a statement per event and a round trip per
 * statement was what bounded a projection's rebuild. {@link #update} and every read first send what is held back, so
 * a projection always reads its own writes.
 */
public final class Sql {

  /** Channel that tells every node's live hub that a change log grew; the payload is the stream's name. */
  public static final String LIVE_CHANNEL = "councilline_live";

  private static final String PENDING = Sql.class.getName() + ".pending";

  private final ConnectionProvider connections;

  public Sql(ConnectionProvider connections) {
    this.connections = connections;
  }

  /** Runs at once, after anything held back, so it may depend on all earlier writes of the batch. */
  public void update(String sql, Object... params) {
    flush();
    try (PreparedStatement ps = prepare(sql, params)) {
      ps.executeUpdate();
    } catch (SQLException ex) {
      throw new IllegalStateException("Projection statement failed: " + sql, ex);
    }
  }

  /**
   * A write that only touches rows of {@code key} (a request's number): inside a batch it may be sent later and
   * next to other keys' writes, but never before an earlier write of the same key.
   */
  public void write(String key, String sql, Object... params) {
    defer(new WriteBehind.Statement(key, sql, params, null));
  }

  /**
   * An insert into a table whose rows are numbered by a sequence: the rows get their numbers in the order of these
   * calls, across keys, so a rebuild numbers them exactly as the first run did.
   */
  public void insertInOrder(String sequence, String key, String sql, Object... params) {
    defer(new WriteBehind.Statement(key, sql, params, sequence));
  }

  /**
   * Appends to a change log, in order like {@link #insertInOrder}, and tells every node about it once the
   * transaction commits (NOTIFY is transactional), one NOTIFY per stream and batch: the hubs read everything after
   * their own last position anyway.
   */
  public void append(String stream, String key, String sql, Object... params) {
    defer(new WriteBehind.Statement(key, sql, params, stream), stream);
  }

  /**
   * A map that lives as long as the current unit of work, a processor's batch or a command (so it is dropped with a
   * rolled-back batch and never outlives a claim on the projection); outside one a fresh, empty one.
   */
  public static <K, V> Map<K, V> batchLocal(String name) {
    if (!CurrentUnitOfWork.isStarted()) {
      return new HashMap<>();
    }
    return CurrentUnitOfWork.get().root().getOrComputeResource(Sql.class.getName() + ".local." + name,
        key -> new HashMap<>());
  }

  /**
   * State a projection gathers over its batch and writes itself, in a few set-based statements, just before the
   * commit: after the held-back writes, before the NOTIFYs. Only inside a batch.
   */
  public <T> T gathered(String name, Supplier<T> create, Consumer<T> write) {
    if (!CurrentUnitOfWork.isStarted()) {
      throw new IllegalStateException("A projection gathers its writes only inside a batch: " + name);
    }
    Pending pending = pending(true);
    UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
    return batch.getOrComputeResource(Sql.class.getName() + ".gathered." + name, key -> {
      T state = create.get();
      pending.writers().add(() -> {
        // what is gathered after this write belongs to the next one
        batch.resources().remove(key);
        write.accept(state);
      });
      return state;
    });
  }

  /** Tells every node's live hub about the stream once the current batch commits. */
  public void notifyAtCommit(String stream) {
    Pending pending = pending(true);
    if (pending == null) {
      notifyLive(stream);
    } else {
      pending.streams().add(stream);
    }
  }

  /**
   * The rows of a batch's keys, read with a statement whose only parameter is the key array ({@code = ANY(?)}),
   * every column as text. The statement is planned for the actual keys each time: a prepared statement soon runs on
   * a generic plan, which guesses that {@code = ANY($1)} matches a twentieth of the table and, on a table of some
   * thousands of rows, scanned all of it for the few rows of one batch.
   */
  public List<String[]> rowsOf(String sql, String[] keys) {
    return rowsOf(sql, keys, rs -> {
      String[] columns = new String[rs.getMetaData().getColumnCount()];
      for (int i = 0; i < columns.length; i++) {
        columns[i] = rs.getString(i + 1);
      }
      return columns;
    });
  }

  /** Like {@link #rowsOf(String, String[])}, each row as {@code row} reads it (for columns not wanted as text). */
  public <T> List<T> rowsOf(String sql, String[] keys, Reader<T> row) {
    return query(sql, new Object[] {keys}, true, rs -> {
      List<T> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(row.read(rs));
      }
      return rows;
    });
  }

  public Optional<String> single(String sql, Object... params) {
    return query(sql, params, false, rs -> rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty());
  }

  public Optional<Instant> instant(String sql, Object... params) {
    return query(sql, params, false, rs -> rs.next() && rs.getTimestamp(1) != null
        ? Optional.of(rs.getTimestamp(1).toInstant()) : Optional.empty());
  }

  /** Reads a result set, or its current row. */
  public interface Reader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /** A read, after sending what the batch holds back, so it sees the batch's own writes. */
  private <T> T query(String sql, Object[] params, boolean planEachTime, Reader<T> reader) {
    flush();
    try (PreparedStatement ps = prepare(sql, params)) {
      if (planEachTime) {
        ps.unwrap(PGStatement.class).setPrepareThreshold(0);
      }
      try (ResultSet rs = ps.executeQuery()) {
        return reader.read(rs);
      }
    } catch (SQLException ex) {
      throw new IllegalStateException("Projection query failed: " + sql, ex);
    }
  }

  private void defer(WriteBehind.Statement statement, String... streams) {
    if (!CurrentUnitOfWork.isStarted()) {
      execute(List.of(statement));
      for (String stream : streams) {
        notifyLive(stream);
      }
      return;
    }
    Pending pending = pending(true);
    pending.statements().add(statement);
    pending.streams().addAll(List.of(streams));
  }

  /** Sends what the current batch holds back. */
  private void flush() {
    Pending pending = pending(false);
    if (pending != null && !pending.statements().isEmpty()) {
      WriteBehind.schedule(pending.statements()).forEach(this::execute);
      pending.statements().clear();
    }
  }

  private Pending pending(boolean create) {
    if (!CurrentUnitOfWork.isStarted()) {
      return null;
    }
    UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
    if (!create) {
      return batch.getResource(PENDING);
    }
    Pending pending = batch.getOrComputeResource(PENDING,
        key -> new Pending(new ArrayList<>(), new TreeSet<>(), new ArrayList<>(), new AtomicBoolean()));
    if (pending.scheduled().compareAndSet(false, true)) {
      // A command may hold back a write before its events are published, which happens while the commit is being
      // prepared; what the subscribing projections then hold back needs a send of its own, so each send that has
      // run makes the next held-back write schedule another (the phase runs handlers added while it runs).
      batch.onPrepareCommit(uow -> send(pending));
    }
    return pending;
  }

  private void send(Pending pending) {
    pending.scheduled().set(false);
    flush();
    List<Runnable> writers = List.copyOf(pending.writers());
    pending.writers().clear();
    writers.forEach(Runnable::run);
    flush();
    List<String> streams = List.copyOf(pending.streams());
    pending.streams().clear();
    streams.forEach(this::notifyLive);
  }

  private record Pending(List<WriteBehind.Statement> statements, Set<String> streams, List<Runnable> writers,
                         AtomicBoolean scheduled) {
  }

  /** One JDBC batch (a single round trip) for statements of the same text. */
  private void execute(List<WriteBehind.Statement> group) {
    String sql = group.get(0).sql();
    try (PreparedStatement ps = connections.getConnection().prepareStatement(sql)) {
      for (WriteBehind.Statement statement : group) {
        bind(ps, statement.params());
        if (group.size() > 1) {
          ps.addBatch();
        }
      }
      if (group.size() > 1) {
        ps.executeBatch();
      } else {
        ps.executeUpdate();
      }
    } catch (SQLException ex) {
      throw new IllegalStateException("Projection statement failed: " + sql, ex.getNextException() != null
          ? ex.getNextException() : ex);
    }
  }

  private void notifyLive(String stream) {
    try (PreparedStatement ps = prepare("SELECT pg_notify(?, ?)", LIVE_CHANNEL, stream)) {
      ps.execute();
    } catch (SQLException ex) {
      throw new IllegalStateException("Could not notify the live hubs of " + stream, ex);
    }
  }

  private PreparedStatement prepare(String sql, Object... params) throws SQLException {
    PreparedStatement ps = connections.getConnection().prepareStatement(sql);
    bind(ps, params);
    return ps;
  }

  private static void bind(PreparedStatement ps, Object... params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      Object value = params[i];
      if (value instanceof String[] texts) {
        ps.setArray(i + 1, ps.getConnection().createArrayOf("text", texts));
      } else if (value instanceof Instant instant) {
        ps.setTimestamp(i + 1, Timestamp.from(instant));
      } else if (value instanceof Enum<?> e) {
        ps.setString(i + 1, e.name());
      } else {
        ps.setObject(i + 1, value);
      }
    }
  }
}
