package al.tirana.councilline.request;

import al.tirana.councilline.shared.Status;
import al.tirana.councilline.shared.Addressee;
import al.tirana.councilline.shared.AddresseeDirectory;
import al.tirana.councilline.shared.Channel;
import al.tirana.councilline.shared.Priority;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import al.tirana.councilline.platform.domain.DomainException;
import al.tirana.councilline.shared.Actor;
import al.tirana.councilline.shared.Role;
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
import al.tirana.councilline.request.RequestCommand.AnswerInformationRequest;
import al.tirana.councilline.request.RequestCommand.ExtendDeadline;
import al.tirana.councilline.request.RequestCommand.RequestCitizenInformation;
import al.tirana.councilline.request.RequestCommand.ResumeSlaClock;
import al.tirana.councilline.request.RequestEvent.BreachEscalated;
import al.tirana.councilline.request.RequestEvent.CitizenAnswered;
import al.tirana.councilline.request.RequestEvent.CitizenInformationRequested;
import al.tirana.councilline.request.RequestEvent.DeadlineExtended;
import al.tirana.councilline.request.RequestEvent.SlaBreached;
import al.tirana.councilline.request.RequestEvent.SlaClockResumed;
import al.tirana.councilline.request.RequestEvent.SlaClockStarted;
import al.tirana.councilline.request.RequestEvent.SlaWarningIssued;
import al.tirana.councilline.sla.Due;
import al.tirana.councilline.sla.Escalation;
import al.tirana.councilline.sla.SlaCalendar;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;

/**
 * One citizen request and every rule of its lifecycle. Anything not allowed in the current state is refused with
 * a {@link DomainException} (a conflict with the state, or a broken business rule) and no event.
 */
public class CitizenRequest {

  static final String WARNING = "sla-warning";
  static final String BREACH = "sla-breach";

  @AggregateIdentifier
  private String number;
  private Status status;
  private Status statusBeforePause;
  private Priority priority;
  private Instant submittedAt;
  private Addressee assignee;
  private String citizenId;
  private Channel channel;
  private Instant dueAt;
  private Duration remainingWhilePaused;
  private String warningDeadlineId;
  private String breachDeadlineId;
  private int responses;
  private int ratedResponse;
  private boolean successStory;
  private boolean erased;
  private boolean spam;

  protected CitizenRequest() {
    // for Axon's event sourcing
  }

  /**
   * A handler rather than a constructor, so that it can answer with the receipt (a constructor answers with the
   * identifier only, and the HTTP layer then had to read the new request back).
   */
  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.ALWAYS)
  public SubmittedRequest handle(SubmitRequest cmd, TrackingNumbers numbers, PersonalDataVault vault,
                                 AddresseeDirectory directory, SlaCalendar sla, DeadlineManager deadlines,
                                 SubmissionReceipts receipts) {
    // "not sure whom to write to": without an addressee, the topic decides
    Addressee addressee = cmd.addressee() != null ? cmd.addressee() : directory.routeByTopic(cmd.category())
        .orElseThrow(() -> DomainException.brokenRule("NO_COMMISSION_FOR_TOPIC", "No commission receives requests on "
            + cmd.category() + " and there is no default commission: choose an addressee"));
    requireActive(directory, addressee);
    if (cmd.channel() == Channel.DESK && cmd.administrativeUnit() == null) {
      throw DomainException.brokenRule("UNIT_REQUIRED", "A desk registration names its administrative unit (1-24)");
    }
    Instant now = now();
    String number = numbers.next(now);
    SealedPersonalData sealed = vault.seal(cmd.personalData());
    // A citizen is recorded by the reference of their sealed data, never by name.
    Actor by = cmd.by().role() == Role.CITIZEN ? Actor.citizen(sealed.citizenId()) : cmd.by();
    Due due = sla.due(cmd.priority(), now);
    // the timers need the new aggregate's identity, which exists once the first event has been applied
    apply(new RequestSubmitted(number, cmd.kind(), cmd.priority(), cmd.category(), addressee, sealed,
        vault.accessCodeDigest(cmd.accessCode()), cmd.language(), cmd.administrativeUnit(), due.dueAt(), by, now,
        cmd.channel(), cmd.location())).andThen(() -> startClock(deadlines, due, "SUBMITTED", by, cmd.channel()));
    // a WhatsApp citizen gets the receipt on WhatsApp, in reply to the message that made the request
    if (cmd.personalData().email() != null || cmd.channel() == Channel.WHATSAPP) {
      receipts.acknowledge(number, sealed.citizenId(), cmd.accessCode(), cmd.language());
    }
    return new SubmittedRequest(number, now, due.dueAt());
  }

  /**
   * The citizen lost the access code and asked for their open requests by e-mail: a new code replaces the old one
   * (only its digest is recorded) and goes out sealed with the citizen's key, in this transaction.
   */
  @CommandHandler
  public void handle(RequestCommand.ReissueAccessCode cmd, PersonalDataVault vault, RecoveryMail receipts) {
    if (!status.isOpen() || spam || erased) {
      throw DomainException.conflict("NOT_OPEN", "Request " + number + " is no longer open");
    }
    apply(new RequestEvent.AccessCodeReissued(number, vault.accessCodeDigest(cmd.accessCode()), cmd.recoveryId(),
        Actor.citizen(citizenId), now(), cmd.channel()));
    receipts.reissued(cmd.recoveryId(), number, citizenId, cmd.accessCode(), cmd.last());
  }

  @CommandHandler
  public void handle(AcknowledgeRequest cmd) {
    require(RequestAction.ACKNOWLEDGE);
    apply(new RequestAcknowledged(number, cmd.by(), now(), cmd.channel()));
  }

  @CommandHandler
  public void handle(AssignRequest cmd, AddresseeDirectory directory) {
    require(RequestAction.ASSIGN);
    requireActive(directory, cmd.assignee());
    if (assignee == null) {
      apply(new RequestAssigned(number, cmd.assignee(), cmd.by(), now(), cmd.channel()));
    } else if (assignee.equals(cmd.assignee())) {
      throw DomainException.conflict("ALREADY_ASSIGNED", "Request " + number + " is already assigned to "
          + describe(cmd.assignee()));
    } else {
      apply(new RequestReassigned(number, assignee, cmd.assignee(), cmd.by(), now(), cmd.channel()));
    }
  }

  @CommandHandler
  public void handle(ReferRequestToDepartment cmd) {
    require(RequestAction.REFER);
    apply(new RequestReferredToDepartment(number, cmd.department(), cmd.note(), cmd.by(), now(), cmd.channel()));
  }

  @CommandHandler
  public void handle(InviteCitizenToMeeting cmd) {
    require(RequestAction.INVITE);
    Instant now = now();
    if (!cmd.meetingAt().isAfter(now)) {
      throw DomainException.brokenRule("MEETING_IN_PAST", "The meeting must be in the future");
    }
    apply(new CitizenInvitedToMeeting(number, cmd.meetingAt(), cmd.place(), cmd.by(), now, cmd.channel()));
  }

  @CommandHandler
  public void handle(AddInternalNote cmd) {
    require(RequestAction.NOTE);
    apply(new InternalNoteAdded(number, cmd.text(), cmd.by(), now(), cmd.channel()));
  }

  /** The new priority's window counts from submission, as if the request had come in with it. */
  @CommandHandler
  public void handle(ChangePriority cmd, SlaCalendar sla, DeadlineManager deadlines) {
    require(RequestAction.PRIORITY);
    if (priority == cmd.priority()) {
      throw DomainException.conflict("PRIORITY_UNCHANGED", "Request " + number + " already has priority " + priority);
    }
    Due due = sla.due(cmd.priority(), submittedAt);
    apply(new PriorityChanged(number, priority, cmd.priority(), due.dueAt(), cmd.by(), now(), cmd.channel()));
    if (clockRunning()) {
      stopClock(deadlines);
      startClock(deadlines, due, "PRIORITY_CHANGED", cmd.by(), cmd.channel());
    }
  }

  @CommandHandler
  public void handle(RequestCitizenInformation cmd, DeadlineManager deadlines) {
    require(RequestAction.AWAIT_CITIZEN);
    Instant now = now();
    Duration remaining = dueAt.isAfter(now) ? Duration.between(now, dueAt) : Duration.ZERO;
    stopClock(deadlines);
    apply(new CitizenInformationRequested(number, cmd.message(), remaining, cmd.by(), now, cmd.channel()));
  }

  @CommandHandler
  public void handle(AnswerInformationRequest cmd, PersonalDataVault vault, SlaCalendar sla,
                     DeadlineManager deadlines) {
    require(RequestAction.ANSWER);
    Actor citizen = Actor.citizen(citizenId);
    apply(new CitizenAnswered(number, vault.sealFor(citizenId, cmd.answer()), statusBeforePause, citizen, now(),
        cmd.channel()));
    resumeClock(sla, deadlines, citizen, cmd.channel());
  }

  @CommandHandler
  public void handle(RequestCommand.AddCitizenMessage cmd, PersonalDataVault vault, SlaCalendar sla,
                     DeadlineManager deadlines) {
    if (status == Status.AWAITING_CITIZEN) {
      handle(new AnswerInformationRequest(number, cmd.text(), cmd.by(), cmd.channel()), vault, sla, deadlines);
      return;
    }
    if (!status.isOpen() || spam) {
      throw DomainException.conflict("REQUEST_NOT_OPEN", "Request " + number + " is " + status + "; nothing more can be "
          + "added to it");
    }
    apply(new RequestEvent.CitizenMessageAdded(number, vault.sealFor(citizenId, cmd.text()), Actor.citizen(citizenId),
        now(), cmd.channel()));
  }

  @CommandHandler
  public void handle(ResumeSlaClock cmd, SlaCalendar sla, DeadlineManager deadlines) {
    require(RequestAction.RESUME);
    apply(new SlaClockResumed(number, statusBeforePause, cmd.by(), now(), cmd.channel()));
    resumeClock(sla, deadlines, cmd.by(), cmd.channel());
  }

  @CommandHandler
  public void handle(ExtendDeadline cmd, SlaCalendar sla, DeadlineManager deadlines) {
    require(RequestAction.EXTEND);
    if (!cmd.dueAt().isAfter(dueAt)) {
      throw DomainException.brokenRule("EXTENSION_NOT_LATER", "The new due date must be after " + dueAt);
    }
    Instant now = now();
    apply(new DeadlineExtended(number, dueAt, cmd.dueAt(), cmd.reason(), cmd.by(), now, cmd.channel()));
    stopClock(deadlines);
    startClock(deadlines, sla.fixed(now, cmd.dueAt(), List.of()), "EXTENDED", cmd.by(), cmd.channel());
  }

  /** One rating per response: the citizen rates the latest answer, and may rate again after a new one. */
  @CommandHandler
  public void handle(RequestCommand.RateResponse cmd, PersonalDataVault vault) {
    require(RequestAction.RATE);
    if (cmd.score() < 1 || cmd.score() > 5) {
      throw DomainException.brokenRule("SCORE_OUT_OF_RANGE", "Rate from 1 to 5");
    }
    SealedPersonalData comment = cmd.comment() == null || cmd.comment().isBlank() ? null
        : vault.sealFor(citizenId, cmd.comment());
    apply(new RequestEvent.CitizenRatedResponse(number, responses, cmd.score(), comment, Actor.citizen(citizenId),
        now(), cmd.channel()));
  }

  /** The key goes in the same transaction as the event that records its going. */
  @CommandHandler
  public void handle(RequestCommand.ErasePersonalData cmd, PersonalDataVault vault) {
    if (erased) {
      throw DomainException.conflict("ALREADY_ERASED", "The personal data of " + number + " was already erased");
    }
    vault.erase(citizenId);
    apply(new RequestEvent.PersonalDataErased(number, citizenId, cmd.by(), now(), cmd.channel()));
  }

  @CommandHandler
  public void handle(RequestCommand.MarkAsSpam cmd, DeadlineManager deadlines) {
    require(RequestAction.MARK_SPAM);
    stopClock(deadlines);
    apply(new RequestEvent.RequestMarkedAsSpam(number, cmd.reason(), cmd.by(), now(), cmd.channel()));
  }

  @EventSourcingHandler
  void on(RequestEvent.RequestMarkedAsSpam event) {
    spam = true;
    warningDeadlineId = null;
    breachDeadlineId = null;
  }

  @EventSourcingHandler
  void on(RequestEvent.PersonalDataErased event) {
    erased = true;
  }

  @CommandHandler
  public void handle(RequestCommand.PublishSuccessStory cmd) {
    require(RequestAction.PUBLISH_STORY);
    if (!cmd.citizenConsented()) {
      throw DomainException.brokenRule("CONSENT_REQUIRED", "A success story needs the citizen's recorded consent");
    }
    apply(new RequestEvent.SuccessStoryPublished(number, cmd.title(), cmd.summary(), cmd.consentNote(), cmd.by(),
        now(), cmd.channel()));
  }

  @CommandHandler
  public void handle(RequestCommand.WithdrawSuccessStory cmd) {
    require(RequestAction.WITHDRAW_STORY);
    apply(new RequestEvent.SuccessStoryWithdrawn(number, cmd.by(), now(), cmd.channel()));
  }

  @EventSourcingHandler
  void on(RequestEvent.SuccessStoryPublished event) {
    successStory = true;
  }

  @EventSourcingHandler
  void on(RequestEvent.SuccessStoryWithdrawn event) {
    successStory = false;
  }

  @EventSourcingHandler
  void on(RequestEvent.CitizenRatedResponse event) {
    ratedResponse = event.response();
  }

  @DeadlineHandler(deadlineName = WARNING)
  void warningDue(SlaTimer timer) {
    if (isCurrent(timer, warningDeadlineId)) {
      apply(new SlaWarningIssued(number, dueAt, Actor.SYSTEM, now(), channel));
    }
  }

  @DeadlineHandler(deadlineName = BREACH)
  void breachDue(SlaTimer timer, Escalation escalation) {
    if (isCurrent(timer, breachDeadlineId)) {
      apply(new SlaBreached(number, dueAt, Actor.SYSTEM, now(), channel));
      apply(new BreachEscalated(number, escalation.address(), Actor.SYSTEM, now(), channel));
    }
  }

  /** The first response meets the SLA: the pending timers are cancelled by their stored ids. */
  @CommandHandler
  public void handle(RespondToRequest cmd, DeadlineManager deadlines) {
    require(RequestAction.RESPOND);
    stopClock(deadlines);
    apply(new RequestResponded(number, cmd.message(), cmd.by(), now(), cmd.channel()));
  }

  @CommandHandler
  public void handle(ResolveRequest cmd) {
    require(RequestAction.RESOLVE);
    apply(new RequestResolved(number, cmd.by(), now(), cmd.channel()));
  }

  @CommandHandler
  public void handle(CloseRequest cmd) {
    require(RequestAction.CLOSE);
    apply(new RequestClosed(number, cmd.by(), now(), cmd.channel()));
  }

  @CommandHandler
  public void handle(RejectRequest cmd, DeadlineManager deadlines) {
    require(RequestAction.REJECT);
    stopClock(deadlines);
    apply(new RequestRejected(number, cmd.reason(), cmd.by(), now(), cmd.channel()));
  }

  @CommandHandler
  public void handle(WithdrawRequest cmd, DeadlineManager deadlines) {
    require(RequestAction.WITHDRAW);
    stopClock(deadlines);
    apply(new RequestWithdrawn(number, cmd.by(), now(), cmd.channel()));
  }

  @CommandHandler
  public void handle(ReopenRequest cmd) {
    require(RequestAction.REOPEN);
    // the one place that decides where a reopened request returns to; every read model takes it from the event
    Status back = assignee == null ? Status.ACKNOWLEDGED : Status.ASSIGNED;
    apply(new RequestReopened(number, cmd.reason(), back, cmd.by(), now(), cmd.channel()));
  }

  @EventSourcingHandler
  void on(RequestSubmitted event) {
    number = event.number();
    status = Status.SUBMITTED;
    priority = event.priority();
    submittedAt = event.at();
    citizenId = event.personalData().citizenId();
    channel = event.channel();
    dueAt = event.dueAt();
  }

  @EventSourcingHandler
  void on(SlaClockStarted event) {
    dueAt = event.dueAt();
    warningDeadlineId = event.warningDeadlineId();
    breachDeadlineId = event.breachDeadlineId();
  }

  @EventSourcingHandler
  void on(SlaBreached event) {
    warningDeadlineId = null;
    breachDeadlineId = null;
  }

  @EventSourcingHandler
  void on(CitizenInformationRequested event) {
    statusBeforePause = status;
    status = Status.AWAITING_CITIZEN;
    remainingWhilePaused = event.remaining();
    warningDeadlineId = null;
    breachDeadlineId = null;
  }

  @EventSourcingHandler
  void on(CitizenAnswered event) {
    status = event.status();
  }

  @EventSourcingHandler
  void on(SlaClockResumed event) {
    status = event.status();
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
    dueAt = event.dueAt();
  }

  @EventSourcingHandler
  void on(RequestResponded event) {
    status = Status.RESPONDED;
    responses++;
    warningDeadlineId = null;
    breachDeadlineId = null;
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
    warningDeadlineId = null;
    breachDeadlineId = null;
  }

  @EventSourcingHandler
  void on(RequestWithdrawn event) {
    status = Status.WITHDRAWN;
    warningDeadlineId = null;
    breachDeadlineId = null;
  }

  @EventSourcingHandler
  void on(RequestReopened event) {
    status = event.status();
  }

  /** Schedules the warning and the breach as durable deadlines and records their ids. */
  private void startClock(DeadlineManager deadlines, Due due, String reason, Actor by, Channel via) {
    String warningId = deadlines.schedule(due.warningAt(), WARNING, new SlaTimer(number, due.dueAt()));
    String breachId = deadlines.schedule(due.dueAt(), BREACH, new SlaTimer(number, due.dueAt()));
    apply(new SlaClockStarted(number, due.dueAt(), due.warningAt(), due.mode().name(), due.holidaysSkipped(),
        reason, warningId, breachId, by, now(), via));
  }

  private void stopClock(DeadlineManager deadlines) {
    if (warningDeadlineId != null) {
      deadlines.cancelSchedule(WARNING, warningDeadlineId);
    }
    if (breachDeadlineId != null) {
      deadlines.cancelSchedule(BREACH, breachDeadlineId);
    }
  }

  /** A paused clock restarts with the time that was left when it stopped. */
  private void resumeClock(SlaCalendar sla, DeadlineManager deadlines, Actor by, Channel via) {
    Instant now = now();
    startClock(deadlines, sla.fixed(now, now.plus(remainingWhilePaused), List.of()), "RESUMED", by, via);
  }

  private boolean clockRunning() {
    return breachDeadlineId != null;
  }

  /** A timer from before a pause, extension or response is stale: a cancelled schedule may still fire once. */
  private boolean isCurrent(SlaTimer timer, String currentId) {
    return currentId != null && timer.dueAt().equals(dueAt) && status.isOpen();
  }

  /** The rule lives in RequestAction, which the request's view asks too: pages offer what is accepted here. */
  private void require(RequestAction action) {
    action.require(number, new RequestAction.State(status, spam, successStory, responses, ratedResponse));
  }

  private static void requireActive(AddresseeDirectory directory, Addressee addressee) {
    Boolean active = directory.isActive(addressee).orElseThrow(() -> DomainException.brokenRule(
        "UNKNOWN_" + addressee.type(), "There is no " + describe(addressee)));
    if (!active) {
      throw DomainException.brokenRule("INACTIVE_" + addressee.type(), describe(addressee) + " is not active");
    }
  }

  private static String describe(Addressee addressee) {
    return addressee.type().name().toLowerCase() + " " + addressee.id();
  }

  /**
   * The event clock, so Axon's test fixture controls time in deadline tests. PostgreSQL keeps microseconds, so a
   * time is cut to them here: the events, the views and the submission's receipt then all carry the same instant.
   */
  private static Instant now() {
    return GenericEventMessage.clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
