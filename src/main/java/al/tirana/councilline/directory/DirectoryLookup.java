package al.tirana.councilline.directory;

import al.tirana.councilline.platform.sql.Sql;
import al.tirana.councilline.shared.Addressee;
import al.tirana.councilline.shared.AddresseeDirectory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import org.axonframework.common.jdbc.ConnectionProvider;

/**
 * Answers the aggregates' directory questions from the directory tables, inside the command's transaction. A
 * command that checks an addressee and then names it in the request's timeline (every submission does) reads the
 * addressee's row once: the check keeps the name for the rest of the command.
 */
public final class DirectoryLookup implements AddresseeDirectory {

  private final ConnectionProvider connections;

  public DirectoryLookup(ConnectionProvider connections) {
    this.connections = connections;
  }

  private record Entry(boolean active, String name) {
  }

  @Override
  public Optional<Boolean> isActive(Addressee addressee) {
    return entry(addressee).map(Entry::active);
  }

  @Override
  public Optional<String> name(Addressee addressee) {
    return entry(addressee).map(Entry::name);
  }

  private Optional<Entry> entry(Addressee addressee) {
    // rows read during this command, dropped with it: a directory change that commits meanwhile shows from the
    // next command on, as it would have had it committed a moment later
    Map<Addressee, Entry> seen = Sql.batchLocal(DirectoryLookup.class.getName());
    Entry known = seen.get(addressee);
    if (known != null) {
      return Optional.of(known);
    }
    Optional<Entry> read = read(addressee);
    read.ifPresent(entry -> seen.put(addressee, entry));
    return read;
  }

  private Optional<Entry> read(Addressee addressee) {
    String query = addressee.type() == Addressee.Type.COUNSELOR
        ? "SELECT active, full_name FROM directory_counselor WHERE id = ?"
        : "SELECT active, name FROM directory_commission WHERE id = ?";
    try {
      Connection c = connections.getConnection();
      try (PreparedStatement ps = c.prepareStatement(query)) {
        ps.setString(1, addressee.id());
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(new Entry(rs.getBoolean(1), rs.getString(2))) : Optional.empty();
        }
      }
    } catch (SQLException ex) {
      throw new IllegalStateException("Directory lookup failed", ex);
    }
  }
}
