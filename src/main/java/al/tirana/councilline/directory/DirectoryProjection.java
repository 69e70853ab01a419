package al.tirana.councilline.directory;

import al.tirana.councilline.directory.DirectoryEvent.CommissionCreated;
import al.tirana.councilline.directory.DirectoryEvent.CommissionUpdated;
import al.tirana.councilline.directory.DirectoryEvent.CounselorRegistered;
import al.tirana.councilline.directory.DirectoryEvent.CounselorUpdated;
import al.tirana.councilline.request.Category;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;

/**
 * The directory tables (projections/V1__directory.sql). Runs as a subscribing processor inside the command's
 * transaction, so a counselor is assignable the moment the command that registered them returns.
 */
@ProcessingGroup(DirectoryProjection.NAME)
public final class DirectoryProjection {

  public static final String NAME = "directory";

  private final ConnectionProvider connections;

  public DirectoryProjection(ConnectionProvider connections) {
    this.connections = connections;
  }

  @EventHandler
  void on(CommissionCreated e) throws SQLException {
    upsertCommission(e.id(), e.name(), e.description(), e.active(), e.at());
  }

  @EventHandler
  void on(CommissionUpdated e) throws SQLException {
    upsertCommission(e.id(), e.name(), e.description(), e.active(), e.at());
  }

  @EventHandler
  void on(CounselorRegistered e) throws SQLException {
    upsertCounselor(e.id(), e.fullName(), e.officialEmail(), e.photoUrl(), e.commissionIds(), e.policyAreas(),
        e.active(), e.at());
  }

  @EventHandler
  void on(CounselorUpdated e) throws SQLException {
    upsertCounselor(e.id(), e.fullName(), e.officialEmail(), e.photoUrl(), e.commissionIds(), e.policyAreas(),
        e.active(), e.at());
  }

  private void upsertCommission(String id, String name, String description, boolean active, Instant at)
      throws SQLException {
    Connection c = connections.getConnection();
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO directory_commission (id, name, description, active, updated_at) VALUES (?, ?, ?, ?, ?) "
            + "ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, description = EXCLUDED.description, "
            + "active = EXCLUDED.active, updated_at = EXCLUDED.updated_at")) {
      ps.setString(1, id);
      ps.setString(2, name);
      ps.setString(3, description);
      ps.setBoolean(4, active);
      ps.setTimestamp(5, Timestamp.from(at));
      ps.executeUpdate();
    }
  }

  private void upsertCounselor(String id, String fullName, String email, String photoUrl, List<String> commissions,
                               List<Category> areas, boolean active, Instant at) throws SQLException {
    Connection c = connections.getConnection();
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO directory_counselor (id, full_name, official_email, photo_url, commission_ids, policy_areas, "
            + "active, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (id) DO UPDATE SET full_name = EXCLUDED.full_name, "
            + "official_email = EXCLUDED.official_email, photo_url = EXCLUDED.photo_url, "
            + "commission_ids = EXCLUDED.commission_ids, policy_areas = EXCLUDED.policy_areas, "
            + "active = EXCLUDED.active, updated_at = EXCLUDED.updated_at")) {
      ps.setString(1, id);
      ps.setString(2, fullName);
      ps.setString(3, email);
      ps.setString(4, photoUrl);
      ps.setArray(5, c.createArrayOf("text", commissions.toArray()));
      ps.setArray(6, c.createArrayOf("text", areas.stream().map(Enum::name).toArray()));
      ps.setBoolean(7, active);
      ps.setTimestamp(8, Timestamp.from(at));
      ps.executeUpdate();
    }
  }
}
