package al.tirana.councilline.request;

import al.tirana.councilline.shared.Status;
import al.tirana.councilline.platform.domain.DomainException;
import al.tirana.councilline.identity.AccessPolicy;
import al.tirana.councilline.shared.Role;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What may be done to a request in which state: the one rule that the aggregate enforces and that the request's
 * view reports as {@code allowedActions}, so the pages offer exactly what the aggregate will accept. Refusals that
 * depend on what the command carries (the same assignee again, a meeting in the past) stay in the aggregate: the
 * action itself is still allowed.
 */
public enum RequestAction {
  ACKNOWLEDGE("acknowledge", "acknowledgeRequest", "acknowledge", EnumSet.of(Status.SUBMITTED)),
  ASSIGN("assign", "assignRequest", "assign", EnumSet.of(Status.SUBMITTED, Status.ACKNOWLEDGED,
      Status.ASSIGNED, Status.REFERRED, Status.RESPONDED)),
  RESPOND("respond", "respondToRequest", "respond to", EnumSet.of(Status.SUBMITTED, Status.ACKNOWLEDGED,
      Status.ASSIGNED, Status.REFERRED, Status.RESPONDED)),
  AWAIT_CITIZEN("await-citizen", "awaitCitizen", "ask the citizen about", EnumSet.of(Status.SUBMITTED,
      Status.ACKNOWLEDGED, Status.ASSIGNED, Status.REFERRED, Status.RESPONDED)),
  RESUME("resume", "resumeClock", "resume the clock of", EnumSet.of(Status.AWAITING_CITIZEN)),
  REFER("refer", "referRequest", "refer", EnumSet.of(Status.ACKNOWLEDGED, Status.ASSIGNED, Status.REFERRED,
      Status.RESPONDED)),
  INVITE("invite", "inviteCitizen", "invite the citizen about", Status.OPEN),
  NOTE("notes", "addNote", "add a note to", EnumSet.allOf(Status.class)),
  PRIORITY("priority", "changePriority", "change the priority of", Status.OPEN),
  /** A paused clock has no due date to move: the clock is resumed first. */
  EXTEND("extend", "extendDeadline", "extend the deadline of", Status.OPEN),
  RESOLVE("resolve", "resolveRequest", "resolve", EnumSet.of(Status.RESPONDED)),
  CLOSE("close", "closeRequest", "close", EnumSet.of(Status.RESPONDED, Status.RESOLVED)),
  REJECT("reject", "rejectRequest", "reject", EnumSet.of(Status.SUBMITTED, Status.ACKNOWLEDGED, Status.ASSIGNED,
      Status.REFERRED)),
  REOPEN("reopen", "reopenRequest", "reopen", EnumSet.of(Status.RESOLVED, Status.CLOSED, Status.REJECTED)),
  PUBLISH_STORY("success-story", "publishSuccessStory", "publish as a success story",
      EnumSet.of(Status.RESOLVED, Status.CLOSED)),
  WITHDRAW_STORY("withdraw-success-story", "withdrawSuccessStory", "withdraw the success story of",
      EnumSet.allOf(Status.class)),
  MARK_SPAM("spam", "markSpam", "mark as spam", EnumSet.allOf(Status.class)),
  WITHDRAW("withdraw", "withdrawRequest", "withdraw", Status.OPEN),
  ANSWER("answer", "answerInformationRequest", "answer an information request on",
      EnumSet.of(Status.AWAITING_CITIZEN)),
  /** One rating per response: the citizen rates the latest answer, and may rate again after a new one. */
  RATE("rating", "rateResponse", "rate", EnumSet.allOf(Status.class));

  /** What the aggregate knows of a request that decides which actions it accepts. */
  public record State(Status status, boolean spam, boolean successStory, int responses, int ratedResponse) {
  }

  /** A refusal's code and message, made an exception only when a command is refused (views ask many times). */
  public record Refusal(String code, String message) {
  }

  private static final Set<RequestAction> CITIZENS = EnumSet.of(WITHDRAW, ANSWER, RATE);

  private final String name;
  private final String operationId;
  private final String verb;
  private final Set<Status> statuses;

  RequestAction(String name, String operationId, String verb, Set<Status> statuses) {
    this.name = name;
    this.operationId = operationId;
    this.verb = verb;
    this.statuses = statuses;
  }

  /** As in the API's path ({@code POST /api/requests/{number}/<name>}) and in {@code allowedActions}. */
  public String apiName() {
    return name;
  }

  public String operationId() {
    return operationId;
  }

  public boolean isCitizens() {
    return CITIZENS.contains(this);
  }

  /** Why the request refuses this action now (409), or empty when it accepts it. */
  public Optional<Refusal> refusal(String number, State state) {
    if (!statuses.contains(state.status())) {
      return conflict("ILLEGAL_TRANSITION", "Cannot " + verb + " request " + number + " while it is "
          + state.status());
    }
    return switch (this) {
      case EXTEND -> state.status() == Status.AWAITING_CITIZEN
          ? conflict("CLOCK_PAUSED", "The clock of " + number + " is paused; resume it first") : Optional.empty();
      case PUBLISH_STORY -> state.successStory()
          ? conflict("ALREADY_PUBLISHED", "Request " + number + " is already a success story") : Optional.empty();
      case WITHDRAW_STORY -> state.successStory()
          ? Optional.empty() : conflict("NOT_PUBLISHED", "Request " + number + " is not a success story");
      case MARK_SPAM -> state.spam()
          ? conflict("ALREADY_SPAM", "Request " + number + " is already marked as spam") : Optional.empty();
      case RATE -> state.responses() == 0
          ? conflict("NOTHING_TO_RATE", "Request " + number + " has no response to rate yet")
          : state.ratedResponse() == state.responses()
          ? conflict("ALREADY_RATED", "The latest response to " + number + " was already rated") : Optional.empty();
      default -> Optional.empty();
    };
  }

  /** Throws the refusal, if any: the aggregate's check before it decides anything else. */
  public void require(String number, State state) {
    Optional<Refusal> refusal = refusal(number, state);
    if (refusal.isPresent()) {
      throw DomainException.conflict(refusal.get().code(), refusal.get().message());
    }
  }

  /** The council's actions a caller with this role may take now (a counselor's concern is checked by the caller). */
  public static List<String> allowedForCouncil(Role role, State state) {
    List<String> allowed = new ArrayList<>();
    for (RequestAction action : values()) {
      if (!action.isCitizens() && AccessPolicy.allows(action.operationId, role)
          && action.refusal("", state).isEmpty()) {
        allowed.add(action.name);
      }
    }
    return allowed;
  }

  /** What the citizen holding the access code may do now. */
  public static List<String> allowedForCitizen(State state) {
    List<String> allowed = new ArrayList<>();
    for (RequestAction action : CITIZENS) {
      if (action.refusal("", state).isEmpty()) {
        allowed.add(action.name);
      }
    }
    return allowed;
  }

  private static Optional<Refusal> conflict(String code, String message) {
    return Optional.of(new Refusal(code, message));
  }
}
