package al.tirana.councilline.request;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import al.tirana.councilline.core.ApiException;
import al.tirana.councilline.identity.Actor;
import al.tirana.councilline.identity.Role;
import al.tirana.councilline.request.RequestCommand.AcknowledgeRequest;
import al.tirana.councilline.request.RequestCommand.AddInternalNote;
import al.tirana.councilline.request.RequestCommand.AssignRequest;
import al.tirana.councilline.request.RequestCommand.ChangePriority;
import al.tirana.councilline.request.RequestCommand.CloseRequest;
import al.tirana.councilline.request.RequestCommand.InviteCitizenToMeeting;
import al.tirana.councilline.request.RequestCommand.ReferRequestToDepartment;
import al.tirana.councilline.request.RequestCommand.RejectRequest;
import al.tirana.councilline.request.RequestCommand.ReopenRequest;
import al.tirana.councilline.request.RequestCommand.ResolveRequest;
import al.tirana.councilline.request.RequestCommand.RespondToRequest;
import al.tirana.councilline.request.RequestCommand.SubmitRequest;
import al.tirana.councilline.request.RequestCommand.WithdrawRequest;
import al.tirana.councilline.request.RequestEvent.CitizenInvitedToMeeting;
import al.tirana.councilline.request.RequestEvent.InternalNoteAdded;
import al.tirana.councilline.request.RequestEvent.PriorityChanged;
import al.tirana.councilline.request.RequestEvent.RequestAcknowledged;
import al.tirana.councilline.request.RequestEvent.RequestAssigned;
import al.tirana.councilline.request.RequestEvent.RequestClosed;
import al.tirana.councilline.request.RequestEvent.RequestReassigned;
import al.tirana.councilline.request.RequestEvent.RequestReferredToDepartment;
import al.tirana.councilline.request.RequestEvent.RequestRejected;
import al.tirana.councilline.request.RequestEvent.RequestReopened;
import al.tirana.councilline.request.RequestEvent.RequestResolved;
import al.tirana.councilline.request.RequestEvent.RequestResponded;
import al.tirana.councilline.request.RequestEvent.RequestSubmitted;
import al.tirana.councilline.request.RequestEvent.RequestWithdrawn;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

/**
 * One citizen request and every rule of its lifecycle. Anything not allowed in the current state is refused with
 * an {@link ApiException} (409 for a state conflict, 422 for a broken business rule) and no event.
 */
public class CitizenRequest {

  private static final Set<Status> ASSIGNABLE = EnumSet.of(Status.SUBMITTED, Status.ACKNOWLEDGED, Status.ASSIGNED,
      Status.REFERRED, Status.RESPONDED);
  private static final Set<Status> REFERABLE = EnumSet.of(Status.ACKNOWLEDGED, Status.ASSIGNED, Status.REFERRED,
      Status.RESPONDED);
  private static final Set<Status> REJECTABLE = EnumSet.of(Status.SUBMITTED, Status.ACKNOWLEDGED, Status.ASSIGNED,
      Status.REFERRED);
  private static final Set<Status> CLOSABLE = EnumSet.of(Status.RESPONDED, Status.RESOLVED);
  private static final Set<Status> REOPENABLE = EnumSet.of(Status.RESOLVED, Status.CLOSED, Status.REJECTED);

  @AggregateIdentifier
  private String number;
  private Status status;
  private Priority priority;
  private Instant submittedAt;
  private Addressee assignee;

  protected CitizenRequest() {
    // for Axon's event sourcing
  }

  @CommandHandler
  public CitizenRequest(SubmitRequest cmd, TrackingNumbers numbers, PersonalDataVault vault,
                        AddresseeDirectory directory, DuePolicy duePolicy) {
    requireActive(directory, cmd.addressee());
    if (cmd.channel() == Channel.DESK && cmd.administrativeUnit() == null) {
      throw ApiException.unprocessable("UNIT_REQUIRED", "A desk registration names its administrative unit (1-24)");
    }
    if (cmd.channel() != Channel.DESK && cmd.administrativeUnit() != null) {
      throw ApiException.unprocessable("UNIT_ONLY_FOR_DESK", "Only desk registrations carry an administrative unit");
    }
    Instant now = now();
    String number = numbers.next(now);
    SealedPersonalData sealed = vault.seal(cmd.personalData());
    // A citizen is recorded by the reference of their sealed data, never by name.
    Actor by = cmd.by().role() == Role.CITIZEN ? Actor.citizen(sealed.citizenId()) : cmd.by();
    apply(new RequestSubmitted(number, cmd.kind(), cmd.priority(), cmd.category(), cmd.addressee(), sealed,
        vault.accessCodeDigest(cmd.accessCode()), cmd.language(), cmd.administrativeUnit(),
        duePolicy.dueAt(cmd.priority(), now), by, now, cmd.channel()));
  }

  @CommandHandler
  public void handle(AcknowledgeRequest cmd) {
    requireStatus("acknowledge", EnumSet.of(Status.SUBMITTED));
    apply(new RequestAcknowledged(number, cmd.by(), now(), cmd.channel()));
  }

  @CommandHandler
  public void handle(AssignRequest cmd, AddresseeDirectory directory) {
    requireStatus("assign", ASSIGNABLE);
    requireActive(directory, cmd.assignee());
    if (assignee == null) {
      apply(new RequestAssigned(number, cmd.assignee(), cmd.by(), now(), cmd.channel()));
    } else if (assignee.equals(cmd.assignee())) {
      throw ApiException.conflict("ALREADY_ASSIGNED", "Request " + number + " is already assigned to "
          + describe(cmd.assignee()));
    } else {
      apply(new RequestReassigned(number, assignee, cmd.assignee(), cmd.by(), now(), cmd.channel()));
    }
  }

  @CommandHandler
  public void handle(ReferRequestToDepartment cmd) {
    requireStatus("refer", REFERABLE);
    apply(new RequestReferredToDepartment(number, cmd.department(), cmd.note(), cmd.by(), now(), cmd.channel()));
  }

  @CommandHandler
  public void handle(InviteCitizenToMeeting cmd) {
    requireStatus("invite the citizen about", Status.OPEN);
    Instant now = now();
    if (!cmd.meetingAt().isAfter(now)) {
      throw ApiException.unprocessable("MEETING_IN_PAST", "The meeting must be in the future");
    }
    apply(new CitizenInvitedToMeeting(number, cmd.meetingAt(), cmd.place(), cmd.by(), now, cmd.channel()));
  }

  @CommandHandler
  public void handle(AddInternalNote cmd) {
    apply(new InternalNoteAdded(number, cmd.text(), cmd.by(), now(), cmd.channel()));
  }

  @CommandHandler
  public void handle(ChangePriority cmd, DuePolicy duePolicy) {
    requireStatus("change the priority of", Status.OPEN);
    if (priority == cmd.priority()) {
      throw ApiException.conflict("PRIORITY_UNCHANGED", "Request " + number + " already has priority " + priority);
    }
    apply(new PriorityChanged(number, priority, cmd.priority(), duePolicy.dueAt(cmd.priority(), submittedAt),
        cmd.by(), now(), cmd.channel()));
  }

  @CommandHandler
  public void handle(RespondToRequest cmd) {
    requireStatus("respond to", Status.OPEN);
    apply(new RequestResponded(number, cmd.message(), cmd.by(), now(), cmd.channel()));
  }

  @CommandHandler
  public void handle(ResolveRequest cmd) {
    requireStatus("resolve", EnumSet.of(Status.RESPONDED));
    apply(new RequestResolved(number, cmd.by(), now(), cmd.channel()));
  }

  @CommandHandler
  public void handle(CloseRequest cmd) {
    requireStatus("close", CLOSABLE);
    apply(new RequestClosed(number, cmd.by(), now(), cmd.channel()));
  }

  @CommandHandler
  public void handle(RejectRequest cmd) {
    requireStatus("reject", REJECTABLE);
    apply(new RequestRejected(number, cmd.reason(), cmd.by(), now(), cmd.channel()));
  }

  @CommandHandler
  public void handle(WithdrawRequest cmd) {
    requireStatus("withdraw", Status.OPEN);
    apply(new RequestWithdrawn(number, cmd.by(), now(), cmd.channel()));
  }

  @CommandHandler
  public void handle(ReopenRequest cmd) {
    requireStatus("reopen", REOPENABLE);
    apply(new RequestReopened(number, cmd.reason(), cmd.by(), now(), cmd.channel()));
  }

  @EventSourcingHandler
  void on(RequestSubmitted event) {
    number = event.number();
    status = Status.SUBMITTED;
    priority = event.priority();
    submittedAt = event.at();
  }

  @EventSourcingHandler
  void on(RequestAcknowledged event) {
    status = Status.ACKNOWLEDGED;
  }

  @EventSourcingHandler
  void on(RequestAssigned event) {
    assignee = event.assignee();
    status = Status.ASSIGNED;
  }

  @EventSourcingHandler
  void on(RequestReassigned event) {
    assignee = event.to();
    status = Status.ASSIGNED;
  }

  @EventSourcingHandler
  void on(RequestReferredToDepartment event) {
    status = Status.REFERRED;
  }

  @EventSourcingHandler
  void on(PriorityChanged event) {
    priority = event.to();
  }

  @EventSourcingHandler
  void on(RequestResponded event) {
    status = Status.RESPONDED;
  }

  @EventSourcingHandler
  void on(RequestResolved event) {
    status = Status.RESOLVED;
  }

  @EventSourcingHandler
  void on(RequestClosed event) {
    status = Status.CLOSED;
  }

  @EventSourcingHandler
  void on(RequestRejected event) {
    status = Status.REJECTED;
  }

  @EventSourcingHandler
  void on(RequestWithdrawn event) {
    status = Status.WITHDRAWN;
  }

  @EventSourcingHandler
  void on(RequestReopened event) {
    status = assignee == null ? Status.ACKNOWLEDGED : Status.ASSIGNED;
  }

  private void requireStatus(String action, Set<Status> allowed) {
    if (!allowed.contains(status)) {
      throw ApiException.conflict("ILLEGAL_TRANSITION",
          "Cannot " + action + " request " + number + " while it is " + status);
    }
  }

  private static void requireActive(AddresseeDirectory directory, Addressee addressee) {
    Boolean active = directory.isActive(addressee).orElseThrow(() -> ApiException.unprocessable(
        "UNKNOWN_" + addressee.type(), "There is no " + describe(addressee)));
    if (!active) {
      throw ApiException.unprocessable("INACTIVE_" + addressee.type(), describe(addressee) + " is not active");
    }
  }

  private static String describe(Addressee addressee) {
    return addressee.type().name().toLowerCase() + " " + addressee.id();
  }

  /** The event clock, so Axon's test fixture controls time in deadline tests. */
  private static Instant now() {
    return GenericEventMessage.clock.instant();
  }
}
