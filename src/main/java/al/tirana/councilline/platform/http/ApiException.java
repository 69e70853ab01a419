package al.tirana.councilline.platform.http;

import al.tirana.councilline.platform.domain.DomainException;

/**
 * A refusal that reaches the caller as {@code {"error": code, "message": ..., "details": ...}} with an HTTP status.
 * Routes throw it; aggregates throw a {@link DomainException} instead, which becomes one of these with its code.
 */
public class ApiException extends RuntimeException {

  private final int status;
  private final String code;
  private final transient Object details;

  public ApiException(int status, String code, String message, Object details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }

  public ApiException(int status, String code, String message) {
    this(status, code, message, null);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public Object details() {
    return details;
  }

  /** A refused command: 409 when the state does not allow it now, 422 when the command breaks a rule. */
  public static ApiException of(DomainException refused) {
    return new ApiException(refused.kind() == DomainException.Kind.CONFLICT ? 409 : 422, refused.code(),
        refused.getMessage());
  }

  public static ApiException badRequest(String code, String message, Object details) {
    return new ApiException(400, code, message, details);
  }

  public static ApiException unprocessable(String code, String message) {
    return new ApiException(422, code, message);
  }

  public static ApiException conflict(String code, String message) {
    return new ApiException(409, code, message);
  }

  public static ApiException notFound(String what) {
    return new ApiException(404, "NOT_FOUND", what + " not found");
  }

  public static ApiException unauthorized(String message) {
    return new ApiException(401, "UNAUTHORIZED", message);
  }

  public static ApiException forbidden(String message) {
    return new ApiException(403, "FORBIDDEN", message);
  }
}
