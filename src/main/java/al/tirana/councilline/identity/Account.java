package al.tirana.councilline.identity;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import al.tirana.councilline.platform.domain.DomainException;
import al.tirana.councilline.identity.AccountCommand.ChangePassword;
import al.tirana.councilline.identity.AccountCommand.CreateAccount;
import al.tirana.councilline.identity.AccountCommand.DeactivateAccount;
import al.tirana.councilline.identity.AccountCommand.ReactivateAccount;
import al.tirana.councilline.identity.AccountEvent.AccountCreated;
import al.tirana.councilline.identity.AccountEvent.AccountDeactivated;
import al.tirana.councilline.identity.AccountEvent.AccountReactivated;
import al.tirana.councilline.identity.AccountEvent.PasswordChanged;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

/** An account of the council's people; every change is an event, the password hash is not. */
public class Account {

  @AggregateIdentifier
  private String username;
  private boolean active;

  protected Account() {
    // for Axon's event sourcing
  }

  @CommandHandler
  public Account(CreateAccount cmd, Credentials credentials) {
    credentials.store(cmd.username(), cmd.passwordHash());
    apply(new AccountCreated(cmd.username(), cmd.role(), cmd.counselorId(), cmd.by(),
        GenericEventMessage.clock.instant()));
  }

  @CommandHandler
  public void handle(ChangePassword cmd, Credentials credentials) {
    if (!active) {
      throw DomainException.conflict("ACCOUNT_INACTIVE", "The account " + username + " is deactivated");
    }
    credentials.store(username, cmd.passwordHash());
    apply(new PasswordChanged(username, cmd.by(), GenericEventMessage.clock.instant()));
  }

  @CommandHandler
  public void handle(DeactivateAccount cmd) {
    if (!active) {
      throw DomainException.conflict("ACCOUNT_INACTIVE", "The account " + username + " is already deactivated");
    }
    if (cmd.by().id().equals(username)) {
      throw DomainException.brokenRule("SELF_DEACTIVATION", "Administrators cannot deactivate themselves");
    }
    apply(new AccountDeactivated(username, cmd.by(), GenericEventMessage.clock.instant()));
  }

  /** A mistaken or temporary deactivation is undone; the old sessions stay revoked, so the holder logs in anew. */
  @CommandHandler
  public void handle(ReactivateAccount cmd) {
    if (active) {
      throw DomainException.conflict("ACCOUNT_ACTIVE", "The account " + username + " is active");
    }
    apply(new AccountReactivated(username, cmd.by(), GenericEventMessage.clock.instant()));
  }

  @EventSourcingHandler
  void on(AccountCreated event) {
    username = event.username();
    active = true;
  }

  @EventSourcingHandler
  void on(AccountDeactivated event) {
    active = false;
  }

  @EventSourcingHandler
  void on(AccountReactivated event) {
    active = true;
  }
}
