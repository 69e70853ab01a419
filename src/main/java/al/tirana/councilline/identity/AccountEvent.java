package al.tirana.councilline.identity;

import al.tirana.councilline.shared.Actor;
import al.tirana.councilline.shared.Role;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** Changes to the accounts of the council's people. Password hashes never enter the log. */
public sealed interface AccountEvent {

  String username();

  Actor by();

  Instant at();

  @Revision("1")
  record AccountCreated(String username, Role role, String counselorId, Actor by, Instant at)
      implements AccountEvent {
  }

  @Revision("1")
  record PasswordChanged(String username, Actor by, Instant at) implements AccountEvent {
  }

  @Revision("1")
  record AccountDeactivated(String username, Actor by, Instant at) implements AccountEvent {
  }

  @Revision("1")
  record AccountReactivated(String username, Actor by, Instant at) implements AccountEvent {
  }
}
