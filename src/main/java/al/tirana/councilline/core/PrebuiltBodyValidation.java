package al.tirana.councilline.core;

import static io.vertx.openapi.validation.ValidationContext.REQUEST;
import static io.vertx.openapi.validation.ValidatorErrorType.MISSING_REQUIRED_PARAMETER;
import static io.vertx.openapi.validation.ValidatorErrorType.UNSUPPORTED_VALUE_FORMAT;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.json.schema.JsonSchemaValidationException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.RequestBody;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.analyser.ContentAnalyser;

/**
 * Validates the JSON body of operations that take nothing else (a submission, for one) with a schema validator
 * built once at start-up. vertx-openapi builds a new validator for every request, copying the contract's whole
 * schema map each time, and hands the work to a worker thread: under load that was a quarter of all the node's
 * allocation. The checks and the errors are the library's own (same exceptions, so the same 400 answers). They run
 * on the event loop: the body handler has already capped the body at BODY_LIMIT_BYTES, so the check is bounded CPU
 * work like decoding the JSON itself, not a wait.
 */
final class PrebuiltBodyValidation {

  private static final String JSON = "application/json";

  private PrebuiltBodyValidation() {
  }

  /** Must run before any other handler is added, so the body is checked where the library would check it. */
  static void install(RouterBuilder builder, OpenAPIContract contract) {
    for (OpenAPIRoute route : builder.getRoutes()) {
      RequestBody body = route.getOperation().getRequestBody();
      if (!route.doValidation() || !route.getOperation().getParameters().isEmpty() || body == null
          || body.getContent().size() != 1 || !body.getContent().containsKey(JSON)) {
        continue;
      }
      MediaType json = body.getContent().get(JSON);
      Validator validator = contract.getSchemaRepository().validator(json.getSchema());
      route.setDoValidation(false);
      route.addHandler(ctx -> {
        try {
          check(ctx, body, validator);
        } catch (ValidatorException invalid) {
          ctx.fail(400, invalid);
          return;
        }
        ctx.next();
      });
    }
  }

  private static void check(RoutingContext ctx, RequestBody body, Validator validator) {
    Buffer content = ctx.body() == null ? null : ctx.body().buffer();
    if (content == null || content.length() == 0) {
      if (body.isRequired()) {
        throw new ValidatorException("The related request does not contain the required body.",
            MISSING_REQUIRED_PARAMETER);
      }
      return;
    }
    String contentType = ctx.request().getHeader("Content-Type");
    MediaType mediaType = body.determineContentType(contentType);
    ContentAnalyser analyser = mediaType == null ? null
        : ContentAnalyser.getContentAnalyser(mediaType, contentType, content, REQUEST);
    if (analyser == null) {
      throw new ValidatorException("The format of the request body is not supported", UNSUPPORTED_VALUE_FORMAT);
    }
    analyser.checkSyntacticalCorrectness();
    OutputUnit result = validator.validate(analyser.transform());
    try {
      result.checkValidity();
    } catch (JsonSchemaValidationException e) {
      throw SchemaValidationException.createInvalidValueBody(result, REQUEST, e);
    }
  }
}
