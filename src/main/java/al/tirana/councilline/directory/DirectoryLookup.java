package al.tirana.councilline.directory;

import al.tirana.councilline.request.Addressee;
import al.tirana.councilline.request.AddresseeDirectory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.axonframework.common.jdbc.ConnectionProvider;

/** Answers the aggregates' directory questions from the directory tables, inside the command's transaction. */
public final class DirectoryLookup implements AddresseeDirectory {

  private final ConnectionProvider connections;

  public DirectoryLookup(ConnectionProvider connections) {
    this.connections = connections;
  }

  @Override
  public Optional<Boolean> isActive(Addressee addressee) {
    String table = addressee.type() == Addressee.Type.COUNSELOR ? "directory_counselor" : "directory_commission";
    try {
      Connection c = connections.getConnection();
      try (PreparedStatement ps = c.prepareStatement("SELECT active FROM " + table + " WHERE id = ?")) {
        ps.setString(1, addressee.id());
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(rs.getBoolean(1)) : Optional.empty();
        }
      }
    } catch (SQLException ex) {
      throw new IllegalStateException("Directory lookup failed", ex);
    }
  }
}
