package al.tirana.councilline.platform.domain;

/**
 * A business rule an aggregate refused a command by, with a stable code (e.g. {@code ALREADY_ASSIGNED}) that clients
 * word their message from. It knows nothing of HTTP: the HTTP layer answers a conflict with 409 and a broken rule
 * with 422.
 */
public class DomainException extends RuntimeException {

  /** Why the command was refused. */
  public enum Kind {
    /** The command is fine, but the aggregate's current state does not allow it (e.g. it was already done). */
    CONFLICT,
    /** The command itself breaks a rule, whatever the state (e.g. a meeting in the past). */
    BROKEN_RULE
  }

  private final Kind kind;
  private final String code;

  public DomainException(Kind kind, String code, String message) {
    super(message);
    this.kind = kind;
    this.code = code;
  }

  public static DomainException conflict(String code, String message) {
    return new DomainException(Kind.CONFLICT, code, message);
  }

  public static DomainException brokenRule(String code, String message) {
    return new DomainException(Kind.BROKEN_RULE, code, message);
  }

  public Kind kind() {
    return kind;
  }

  public String code() {
    return code;
  }
}
