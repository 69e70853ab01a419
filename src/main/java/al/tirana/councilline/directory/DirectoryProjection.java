package al.tirana.councilline.directory;

import al.tirana.councilline.platform.sql.Sql;
import al.tirana.councilline.directory.DirectoryEvent.CommissionCreated;
import al.tirana.councilline.directory.DirectoryEvent.CommissionUpdated;
import al.tirana.councilline.directory.DirectoryEvent.CounselorRegistered;
import al.tirana.councilline.directory.DirectoryEvent.CounselorUpdated;
import al.tirana.councilline.shared.Category;
import java.time.Instant;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;

/**
 * The directory tables (projections/V1__directory.sql). Runs as a subscribing processor inside the command's
 * transaction, so a counselor is assignable the moment the command that registered them returns.
 */
@ProcessingGroup(DirectoryProjection.NAME)
public final class DirectoryProjection {

  public static final String NAME = "directory";

  private final Sql sql;

  public DirectoryProjection(Sql sql) {
    this.sql = sql;
  }

  @EventHandler
  void on(CommissionCreated e) {
    upsertCommission(e.id(), e.name(), e.description(), e.policyAreas(), e.active(), e.at());
  }

  @EventHandler
  void on(CommissionUpdated e) {
    upsertCommission(e.id(), e.name(), e.description(), e.policyAreas(), e.active(), e.at());
  }

  @EventHandler
  void on(CounselorRegistered e) {
    upsertCounselor(e.id(), e.fullName(), e.officialEmail(), e.photoUrl(), e.commissionIds(), e.policyAreas(),
        e.active(), e.at());
  }

  @EventHandler
  void on(CounselorUpdated e) {
    upsertCounselor(e.id(), e.fullName(), e.officialEmail(), e.photoUrl(), e.commissionIds(), e.policyAreas(),
        e.active(), e.at());
  }

  private void upsertCommission(String id, String name, String description, List<Category> areas, boolean active,
                                Instant at) {
    sql.update("INSERT INTO directory_commission (id, name, description, policy_areas, active, updated_at) "
        + "VALUES (?, ?, ?, string_to_array(?, ','), ?, ?) "
        + "ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, description = EXCLUDED.description, "
        + "policy_areas = EXCLUDED.policy_areas, active = EXCLUDED.active, updated_at = EXCLUDED.updated_at",
        id, name, description, String.join(",", areas.stream().map(Enum::name).toList()), active, at);
  }

  private void upsertCounselor(String id, String fullName, String email, String photoUrl, List<String> commissions,
                               List<Category> areas, boolean active, Instant at) {
    sql.update("INSERT INTO directory_counselor (id, full_name, official_email, photo_url, commission_ids, "
            + "policy_areas, active, updated_at) VALUES (?, ?, ?, ?, string_to_array(?, ','), "
            + "string_to_array(?, ','), ?, ?) "
            + "ON CONFLICT (id) DO UPDATE SET full_name = EXCLUDED.full_name, "
            + "official_email = EXCLUDED.official_email, photo_url = EXCLUDED.photo_url, "
            + "commission_ids = EXCLUDED.commission_ids, policy_areas = EXCLUDED.policy_areas, "
            + "active = EXCLUDED.active, updated_at = EXCLUDED.updated_at",
        id, fullName, email, photoUrl, String.join(",", commissions),
        String.join(",", areas.stream().map(Enum::name).toList()), active, at);
  }
}
