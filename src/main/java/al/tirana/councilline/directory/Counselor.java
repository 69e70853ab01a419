package al.tirana.councilline.directory;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import al.tirana.councilline.platform.domain.DomainException;
import al.tirana.councilline.directory.DirectoryCommand.RegisterCounselor;
import al.tirana.councilline.directory.DirectoryCommand.UpdateCounselor;
import al.tirana.councilline.directory.DirectoryEvent.CounselorRegistered;
import al.tirana.councilline.directory.DirectoryEvent.CounselorUpdated;
import al.tirana.councilline.shared.Addressee;
import al.tirana.councilline.shared.AddresseeDirectory;
import al.tirana.councilline.shared.Category;
import java.util.List;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

/** An elected counselor: the official email receives assignment and deadline notices. */
public class Counselor {

  @AggregateIdentifier
  private String id;
  private Details details;

  protected Counselor() {
    // for Axon's event sourcing
  }

  @CommandHandler
  public Counselor(RegisterCounselor cmd, AddresseeDirectory directory) {
    requireCommissionsExist(directory, cmd.commissionIds());
    apply(new CounselorRegistered(cmd.id(), cmd.fullName(), cmd.officialEmail(), cmd.photoUrl(),
        List.copyOf(cmd.commissionIds()), List.copyOf(cmd.policyAreas()), cmd.active(), cmd.by(),
        GenericEventMessage.clock.instant()));
  }

  @CommandHandler
  public void handle(UpdateCounselor cmd, AddresseeDirectory directory) {
    requireCommissionsExist(directory, cmd.commissionIds());
    if (details.equals(new Details(cmd.fullName(), cmd.officialEmail(), cmd.photoUrl(), cmd.commissionIds(),
        cmd.policyAreas(), cmd.active()))) {
      return;
    }
    apply(new CounselorUpdated(id, cmd.fullName(), cmd.officialEmail(), cmd.photoUrl(),
        List.copyOf(cmd.commissionIds()), List.copyOf(cmd.policyAreas()), cmd.active(), cmd.by(),
        GenericEventMessage.clock.instant()));
  }

  private static void requireCommissionsExist(AddresseeDirectory directory, List<String> commissionIds) {
    for (String commissionId : commissionIds) {
      if (directory.isActive(Addressee.commission(commissionId)).isEmpty()) {
        throw DomainException.brokenRule("UNKNOWN_COMMISSION", "There is no commission " + commissionId);
      }
    }
  }

  @EventSourcingHandler
  void on(CounselorRegistered event) {
    id = event.id();
    details = new Details(event.fullName(), event.officialEmail(), event.photoUrl(), event.commissionIds(),
        event.policyAreas(), event.active());
  }

  @EventSourcingHandler
  void on(CounselorUpdated event) {
    details = new Details(event.fullName(), event.officialEmail(), event.photoUrl(), event.commissionIds(),
        event.policyAreas(), event.active());
  }

  /** What registering and updating set; an update that would set it to what it already is records nothing. */
  private record Details(String fullName, String officialEmail, String photoUrl, List<String> commissionIds,
                         List<Category> policyAreas, boolean active) {
  }
}
