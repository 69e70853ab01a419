package al.tirana.councilline.directory;

import al.tirana.councilline.shared.Actor;
import al.tirana.councilline.shared.Category;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Administrators' changes to the council directory. */
public sealed interface DirectoryCommand {

  record CreateCommission(String id, String name, String description, List<Category> policyAreas, boolean active,
                          Actor by) implements DirectoryCommand {
  }

  record UpdateCommission(@TargetAggregateIdentifier String id, String name, String description,
                          List<Category> policyAreas, boolean active, Actor by) implements DirectoryCommand {
  }

  record RegisterCounselor(String id, String fullName, String officialEmail, String photoUrl,
                           List<String> commissionIds, List<Category> policyAreas, boolean active, Actor by)
      implements DirectoryCommand {
  }

  record UpdateCounselor(@TargetAggregateIdentifier String id, String fullName, String officialEmail,
                         String photoUrl, List<String> commissionIds, List<Category> policyAreas, boolean active,
                         Actor by) implements DirectoryCommand {
  }
}
