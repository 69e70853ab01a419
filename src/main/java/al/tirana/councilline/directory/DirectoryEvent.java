package al.tirana.councilline.directory;

import al.tirana.councilline.shared.Actor;
import al.tirana.councilline.shared.Category;
import java.time.Instant;
import java.util.List;
import org.axonframework.serialization.Revision;

/** Changes to the council directory. Counselors are public officials: their directory data is public, not PII. */
public sealed interface DirectoryEvent {

  String id();

  Actor by();

  Instant at();

  /** Revision 2 adds the policy areas routed to the commission (CommissionPolicyAreasUpcaster reads revision 1). */
  @Revision("2")
  record CommissionCreated(String id, String name, String description, List<Category> policyAreas, boolean active,
                           Actor by, Instant at) implements DirectoryEvent {
  }

  @Revision("2")
  record CommissionUpdated(String id, String name, String description, List<Category> policyAreas, boolean active,
                           Actor by, Instant at) implements DirectoryEvent {
  }

  @Revision("1")
  record CounselorRegistered(String id, String fullName, String officialEmail, String photoUrl,
                             List<String> commissionIds, List<Category> policyAreas, boolean active, Actor by,
                             Instant at) implements DirectoryEvent {
  }

  @Revision("1")
  record CounselorUpdated(String id, String fullName, String officialEmail, String photoUrl,
                          List<String> commissionIds, List<Category> policyAreas, boolean active, Actor by,
                          Instant at) implements DirectoryEvent {
  }
}
