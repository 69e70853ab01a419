package al.tirana.councilline.directory;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import al.tirana.councilline.directory.DirectoryCommand.CreateCommission;
import al.tirana.councilline.directory.DirectoryCommand.UpdateCommission;
import al.tirana.councilline.directory.DirectoryEvent.CommissionCreated;
import al.tirana.councilline.directory.DirectoryEvent.CommissionUpdated;
import al.tirana.councilline.shared.Category;
import java.util.List;
import java.util.Objects;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

/** A permanent or temporary commission of the council. */
public class Commission {

  @AggregateIdentifier
  private String id;
  private String name;
  private String description;
  private List<Category> policyAreas = List.of();
  private boolean active;

  protected Commission() {
    // for Axon's event sourcing
  }

  @CommandHandler
  public Commission(CreateCommission cmd) {
    apply(new CommissionCreated(cmd.id(), cmd.name(), cmd.description(), cmd.policyAreas(), cmd.active(), cmd.by(),
        GenericEventMessage.clock.instant()));
  }

  /** Records a change only when something changed, so the log holds real edits and nothing else. */
  @CommandHandler
  public void handle(UpdateCommission cmd) {
    if (Objects.equals(name, cmd.name()) && Objects.equals(description, cmd.description())
        && Objects.equals(policyAreas, cmd.policyAreas()) && active == cmd.active()) {
      return;
    }
    apply(new CommissionUpdated(id, cmd.name(), cmd.description(), cmd.policyAreas(), cmd.active(), cmd.by(),
        GenericEventMessage.clock.instant()));
  }

  @EventSourcingHandler
  void on(CommissionCreated event) {
    id = event.id();
    name = event.name();
    description = event.description();
    policyAreas = event.policyAreas();
    active = event.active();
  }

  @EventSourcingHandler
  void on(CommissionUpdated event) {
    name = event.name();
    description = event.description();
    policyAreas = event.policyAreas();
    active = event.active();
  }
}
