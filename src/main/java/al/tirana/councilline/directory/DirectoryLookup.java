package al.tirana.councilline.directory;

import al.tirana.councilline.platform.sql.Sql;
import al.tirana.councilline.shared.Addressee;
import al.tirana.councilline.shared.AddresseeDirectory;
import al.tirana.councilline.shared.Category;
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
  private final String defaultCommission;

  /** @param defaultCommission the id or name of the commission that receives topics no commission has taken on */
  public DirectoryLookup(ConnectionProvider connections, Optional<String> defaultCommission) {
    this.connections = connections;
    this.defaultCommission = defaultCommission.orElse(null);
  }

  /**
   * The commission a topic is routed to: one whose policy areas include it (the first by name, so the choice is the
   * same on every node), else the default commission, if it exists and is active. Parameters: the category, then
   * the default commission twice (id or name). Written with the given placeholders, for JDBC and for Vert.x.
   */
  public static String routeByTopicSql(String category, String defaultId, String defaultName) {
    return "SELECT id, name, reason FROM ("
        + "SELECT id, name, 'POLICY_AREA' AS reason, 0 AS rank FROM directory_commission "
        + "WHERE active AND " + category + " = ANY(policy_areas) "
        + "UNION ALL SELECT id, name, 'DEFAULT', 1 FROM directory_commission "
        + "WHERE active AND (id = " + defaultId + " OR name = " + defaultName + ")) routes "
        + "ORDER BY rank, name, id LIMIT 1";
  }

  @Override
  public Optional<Addressee> routeByTopic(Category category) {
    try {
      Connection c = connections.getConnection();
      try (PreparedStatement ps = c.prepareStatement(routeByTopicSql("?", "?", "?"))) {
        ps.setString(1, category.name());
        ps.setString(2, defaultCommission);
        ps.setString(3, defaultCommission);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return Optional.empty();
          }
          Addressee commission = Addressee.commission(rs.getString(1));
          // the submission checks the addressee next and names it in the timeline: this read answers both
          Map<Addressee, Entry> seen = Sql.batchLocal(DirectoryLookup.class.getName());
          seen.put(commission, new Entry(true, rs.getString(2)));
          return Optional.of(commission);
        }
      }
    } catch (SQLException ex) {
      throw new IllegalStateException("Routing by topic failed", ex);
    }
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
