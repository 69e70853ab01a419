package al.tirana.councilline.identity;

import al.tirana.councilline.shared.Actor;
import al.tirana.councilline.shared.Role;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** What administrators and account holders may change about accounts. */
public sealed interface AccountCommand {

  record CreateAccount(String username, Role role, String counselorId, String passwordHash, Actor by)
      implements AccountCommand {
  }

  record ChangePassword(@TargetAggregateIdentifier String username, String passwordHash, Actor by)
      implements AccountCommand {
  }

  record DeactivateAccount(@TargetAggregateIdentifier String username, Actor by) implements AccountCommand {
  }

  record ReactivateAccount(@TargetAggregateIdentifier String username, Actor by) implements AccountCommand {
  }
}
