package al.tirana.councilline.platform.http;

import al.tirana.councilline.platform.observe.TraceIds;
import al.tirana.councilline.platform.domain.DomainException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorException;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** The one place where failures become {@code {"error", "message", "details"}} responses. */
public final class ErrorHandler implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorHandler.class);

  @Override
  public void handle(RoutingContext ctx) {
    if (ctx.response().ended()) {
      return;
    }
    ApiException error = translate(ctx.failure(), ctx.statusCode());
    // the request's trace id (ops/TraceIds) on these lines too; the event loop serves other requests between them
    String traceId = ctx.get(TraceIds.LOG_KEY);
    if (traceId != null) {
      MDC.put(TraceIds.LOG_KEY, traceId);
    }
    try {
      if (error instanceof DatabaseUnavailable) {
        // one line per request during an outage, not a stack trace each: the pools log the outage itself
        LOG.warn("{} {} answered 503: {}", ctx.request().method(), ctx.request().path(), rootMessage(ctx.failure()));
        ctx.response().putHeader("Retry-After", String.valueOf(DatabaseUnavailable.RETRY_AFTER_SECONDS));
      } else if (error instanceof Busy) {
        // a refusal the node chose (no room, a provider away), already explained by its code: no stack trace
        LOG.warn("{} {} answered 503 {}", ctx.request().method(), ctx.request().path(), error.code());
      } else if (error.status() >= 500) {
        LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
      }
    } finally {
      MDC.remove(TraceIds.LOG_KEY);
    }
    if (error instanceof RateLimiter.RateLimitedException limited) {
      ctx.response().putHeader("Retry-After", String.valueOf(limited.retryAfterSeconds()));
    }
    if (error instanceof Busy busy) {
      ctx.response().putHeader("Retry-After", String.valueOf(busy.retryAfterSeconds()));
    }
    JsonObject body = new JsonObject().put("error", error.code()).put("message", error.getMessage());
    if (error.details() != null) {
      body.put("details", error.details());
    }
    Http.send(ctx, error.status(), body);
  }

  /**
   * Requests the HTTP decoder could not read (a request line over the server's limit, headers over theirs, a line
   * that is not HTTP) never reach the router; Vert.x would answer them with an empty plain-text status. They get the
   * same JSON refusal as everything else, and the connection is closed as Vert.x does, since its state is unknown.
   */
  public static void invalidRequest(HttpServerRequest request) {
    Throwable cause = request.decoderResult() == null ? null : request.decoderResult().cause();
    ApiException error = cause instanceof TooLongHttpLineException
        ? new ApiException(414, "URI_TOO_LONG", "The request line (path and query) is longer than the server reads")
        : cause instanceof TooLongHttpHeaderException
        ? new ApiException(431, "HEADERS_TOO_LARGE", "The request headers are larger than the server reads")
        : ApiException.badRequest("MALFORMED_REQUEST", "The request is not valid HTTP", null);
    JsonObject body = new JsonObject().put("error", error.code()).put("message", error.getMessage());
    request.response().setStatusCode(error.status()).putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Connection", "close").end(body.encode())
        .onComplete(done -> request.connection().close());
  }

  public static ApiException translate(Throwable failure, int statusCode) {
    Throwable cause = unwrap(failure);
    if (cause instanceof ApiException api) {
      return api;
    }
    if (cause instanceof DomainException refused) {
      return ApiException.of(refused);
    }
    if (DatabaseUnavailable.causedBy(failure)) {
      return DatabaseUnavailable.read();
    }
    if (cause instanceof SchemaValidationException invalid) {
      return ApiException.badRequest("VALIDATION_FAILED", invalid.getMessage(), schemaErrors(invalid.getOutputUnit()));
    }
    if (cause instanceof ValidatorException invalid) {
      String code = invalid.getMessage() != null && invalid.getMessage().contains("decode")
          ? "MALFORMED_BODY" : "INVALID_REQUEST";
      return ApiException.badRequest(code, invalid.getMessage(), new JsonObject().put("type", invalid.type().name()));
    }
    if (cause instanceof org.axonframework.modelling.command.AggregateStreamCreationException) {
      return ApiException.conflict("ALREADY_EXISTS", "It was created by someone else a moment ago");
    }
    if (cause instanceof ConcurrencyException) {
      return ApiException.conflict("CONCURRENT_MODIFICATION",
          "The request was changed by someone else at the same moment; reload it and try again");
    }
    if (cause instanceof AggregateNotFoundException) {
      return ApiException.notFound("Request");
    }
    if (cause instanceof HttpException http) {
      return fromStatus(http.getStatusCode(), http.getPayload());
    }
    if (cause instanceof EventStoreException) {
      return new ApiException(503, "STORE_UNAVAILABLE", "The event store could not record the change; try again");
    }
    if (cause == null) {
      return fromStatus(statusCode, null);
    }
    return new ApiException(500, "INTERNAL", "Something went wrong on our side");
  }

  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root != null && root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == null ? "no cause" : root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  private static ApiException fromStatus(int status, String message) {
    return switch (status) {
      case 400 -> ApiException.badRequest("BAD_REQUEST", message == null ? "Bad request" : message, null);
      case 401 -> ApiException.unauthorized("Authentication required");
      case 403 -> ApiException.forbidden("Not allowed");
      case 404 -> ApiException.notFound("Resource");
      case 405 -> new ApiException(405, "METHOD_NOT_ALLOWED", "Method not allowed");
      case 413 -> new ApiException(413, "PAYLOAD_TOO_LARGE", "The request body is larger than the limit");
      case 414 -> new ApiException(414, "URI_TOO_LONG", "The request line (path and query) is too long");
      case 415 -> new ApiException(415, "UNSUPPORTED_MEDIA_TYPE", "Send application/json");
      default -> status >= 400 && status < 500
          ? new ApiException(status, "BAD_REQUEST", message == null ? "Bad request" : message)
          : new ApiException(500, "INTERNAL", "Something went wrong on our side");
    };
  }

  /** Validation errors arrive nested in the HTTP exception that the OpenAPI router raises. */
  private static Throwable unwrap(Throwable failure) {
    Throwable current = failure;
    while (current != null) {
      if (current instanceof ApiException || current instanceof DomainException || current instanceof ValidatorException
          || current instanceof ConcurrencyException || current instanceof AggregateNotFoundException
          || current instanceof org.axonframework.modelling.command.AggregateStreamCreationException) {
        return current;
      }
      if (current.getCause() == null || current.getCause() == current) {
        return failure;
      }
      current = current.getCause();
    }
    return null;
  }

  private static JsonArray schemaErrors(OutputUnit unit) {
    JsonArray errors = new JsonArray();
    if (unit == null) {
      return errors;
    }
    if (unit.getErrors() != null && !unit.getErrors().isEmpty()) {
      unit.getErrors().forEach(e -> errors.add(new JsonObject()
          .put("field", e.getInstanceLocation())
          .put("problem", e.getError())));
    } else {
      errors.add(new JsonObject().put("field", unit.getInstanceLocation()).put("problem", unit.getError()));
    }
    return errors;
  }
}
