package al.tirana.councilline.platform.http;

import static io.vertx.openapi.validation.SchemaValidationException.createErrorFromOutputUnitType;
import static io.vertx.openapi.validation.SchemaValidationException.createInvalidValueBody;
import static io.vertx.openapi.validation.ValidatorException.createMissingRequiredParameter;
import static io.vertx.openapi.validation.ValidatorException.createUnsupportedValueFormat;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaValidationException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.Path;
import io.vertx.openapi.contract.Style;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.ValidationContext;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.analyser.ContentAnalyser;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.RequestValidatorImpl;
import io.vertx.openapi.validation.impl.ValidatedRequestImpl;
import io.vertx.openapi.validation.transformer.FormTransformer;
import io.vertx.openapi.validation.transformer.LabelTransformer;
import io.vertx.openapi.validation.transformer.MatrixTransformer;
import io.vertx.openapi.validation.transformer.ParameterTransformer;
import io.vertx.openapi.validation.transformer.SimpleTransformer;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Checks every operation's parameters and body against the contract with schema validators built once at start-up.
 * vertx-openapi builds a new validator for every parameter and body of every request, copying the contract's whole
 * schema map each time, and hands the work to a worker thread and back: under load that was a quarter of a node's
 * allocation, and two thread hops on every read. The checks, their order and their errors are the library's own
 * (same exceptions, so the same 400 answers). They run on the event loop: the body handler has already capped the
 * body at BODY_LIMIT_BYTES, so a check is bounded CPU work like decoding the JSON itself, not a wait.
 */
final class ContractValidation extends RequestValidatorImpl {

  private static final Pattern WHOLE_NUMBER = Pattern.compile("-?[0-9]{1,19}");
  /**
   * {@code -Dcouncilline.contractChecks=library} leaves every check to the library, as before the schemas were
   * compiled, so that the benchmark can compare the two (BENCHMARKS.md); nothing else should set it.
   */
  private static final boolean COMPILED = !"library".equals(System.getProperty("councilline.contractChecks"));

  private final RequestExtractor extractor;
  private final Map<Style, ParameterTransformer> transformers = new EnumMap<>(Style.class);
  /** Filled in the constructor and only read afterwards, from any event loop. */
  private final Map<JsonSchema, Validator> validators = new IdentityHashMap<>();
  /** The compiled checks of the schemas that have one (see {@link CompiledSchema}); same lifetime as above. */
  private final Map<JsonSchema, Predicate<Object>> compiled = new IdentityHashMap<>();

  ContractValidation(Vertx vertx, OpenAPIContract contract, RequestExtractor extractor) {
    super(vertx, contract);
    this.extractor = extractor;
    transformers.put(Style.SIMPLE, new SimpleTransformer());
    transformers.put(Style.LABEL, new LabelTransformer());
    transformers.put(Style.MATRIX, new MatrixTransformer());
    transformers.put(Style.FORM, new FormTransformer());
    for (Path path : contract.getPaths()) {
      for (Operation operation : path.getOperations()) {
        operation.getParameters().forEach(parameter -> prebuild(parameter.getSchema()));
        if (operation.getRequestBody() != null) {
          operation.getRequestBody().getContent().values().forEach(media -> prebuild(media.getSchema()));
        }
      }
    }
  }

  /** Must run before any other handler is added, so requests are checked where the library would check them. */
  static void install(Vertx vertx, RouterBuilder builder, OpenAPIContract contract, RequestExtractor extractor) {
    new ContractValidation(vertx, contract, extractor).install(builder);
  }

  /**
   * As above, with these checks, built once: a builder of each HTTP verticle instance may take them, since they
   * only read what the constructor filled.
   */
  void install(RouterBuilder builder) {
    for (OpenAPIRoute route : builder.getRoutes()) {
      if (route.doValidation()) {
        Operation operation = route.getOperation();
        route.setDoValidation(false);
        route.addHandler(ctx -> check(ctx, operation));
      }
    }
  }

  private void prebuild(JsonSchema schema) {
    if (schema != null && !validators.containsKey(schema)) {
      validators.put(schema, contract.getSchemaRepository().validator(schema));
      Predicate<Object> check = COMPILED ? CompiledSchema.compile(schema, contract.getSchemaRepository()::find) : null;
      if (check != null) {
        compiled.put(schema, check);
      }
    }
  }

  private Validator validator(JsonSchema schema) {
    Validator validator = validators.get(schema);
    return validator != null ? validator : contract.getSchemaRepository().validator(schema);
  }

  private void check(RoutingContext ctx, Operation operation) {
    extractor.extractValidatableRequest(ctx, operation).map(request -> validate(request, operation))
        .onSuccess(validated -> {
          ctx.put(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST, validated);
          ctx.next();
        })
        .onFailure(err -> ctx.fail(err instanceof ValidatorException
            ? new HttpException(HttpResponseStatus.BAD_REQUEST.code(), err.getMessage(), err) : err));
  }

  /** {@link RequestValidatorImpl#validate(ValidatableRequest, String)}, on the calling thread. */
  ValidatedRequest validate(ValidatableRequest request, Operation operation) {
    Map<String, RequestParameter> cookies = new HashMap<>();
    Map<String, RequestParameter> headers = new HashMap<>();
    Map<String, RequestParameter> path = new HashMap<>();
    Map<String, RequestParameter> query = new HashMap<>();
    for (Parameter parameter : operation.getParameters()) {
      String name = parameter.getName();
      switch (parameter.getIn()) {
        case COOKIE -> cookies.put(name, validateParameter(parameter, request.getCookies().get(name)));
        case HEADER -> headers.put(name, validateParameter(parameter, request.getHeaders().get(name)));
        case PATH -> path.put(name, validateParameter(parameter, request.getPathParameters().get(name)));
        case QUERY -> query.put(name, validateParameter(parameter, request.getQuery().get(name)));
        default -> throw new IllegalStateException("Parameter " + name + " is in " + parameter.getIn());
      }
    }
    RequestParameter body = validateBody(operation.getRequestBody(), request);
    return new ValidatedRequestImpl(cookies, headers, path, query, body);
  }

  /** The library's check of one parameter, with the validator built at start-up. */
  @Override
  public RequestParameter validateParameter(Parameter parameter, RequestParameter value) {
    if (value == null || value.isNull()) {
      if (parameter.isRequired()) {
        throw createMissingRequiredParameter(parameter);
      }
      return new RequestParameterImpl(null);
    }
    ParameterTransformer transformer = transformers.get(parameter.getStyle());
    if (transformer == null) {
      throw createUnsupportedValueFormat(parameter);
    }
    String raw = String.valueOf(value.get());
    requireWholeNumber(parameter, raw);
    Object transformed = transformer.transform(parameter, raw);
    return checked(parameter.getSchema(), transformed,
        (result, invalid) -> createErrorFromOutputUnitType(parameter, result, invalid));
  }

  /** The library's check of a body of a known media type, with the validator built at start-up. */
  @Override
  protected RequestParameterImpl validate(MediaType mediaType, String contentType, Buffer rawContent,
                                          ValidationContext requestOrResponse) {
    ContentAnalyser analyser = mediaType == null ? null
        : ContentAnalyser.getContentAnalyser(mediaType, contentType, rawContent, requestOrResponse);
    if (analyser == null || !isSchemaValidationRequired(mediaType)) {
      // an unsupported format (the library's error) or a body no schema describes: nothing to build once
      return super.validate(mediaType, contentType, rawContent, requestOrResponse);
    }
    analyser.checkSyntacticalCorrectness();
    Object decoded = analyser.transform();
    CleanText.requireJson(decoded);
    return checked(mediaType.getSchema(), decoded,
        (result, invalid) -> createInvalidValueBody(result, requestOrResponse, invalid));
  }

  /**
   * The library decodes a parameter as JSON and JSON Schema counts {@code 1.0} and {@code 1e2} as integers (and
   * JSON decoding skips the blank in {@code " 5"}), so those passed as integers and then failed the handler's
   * {@code Long.parseLong}. An integer parameter is written in digits, within the range of its format (int32 unless
   * the contract says int64), or it is refused here.
   */
  private static void requireWholeNumber(Parameter parameter, String raw) {
    JsonSchema schema = parameter.getSchema();
    if (schema == null || !"integer".equals(schema.get("type"))) {
      return;
    }
    boolean wide = "int64".equals(schema.get("format"));
    boolean whole = WHOLE_NUMBER.matcher(raw).matches();
    if (whole) {
      try {
        long number = Long.parseLong(raw);
        whole = wide || number == (int) number;
      } catch (NumberFormatException tooLong) {
        whole = false;
      }
    }
    if (!whole) {
      String problem = "must be a whole number written in digits" + (wide ? "" : " (at most 2147483647)");
      throw ApiException.badRequest("VALIDATION_FAILED", parameter.getName() + " " + problem,
          new JsonArray().add(new JsonObject().put("field", parameter.getName()).put("problem", problem)));
    }
  }

  private RequestParameterImpl checked(JsonSchema schema, Object value, BiFunction<OutputUnit,
      JsonSchemaValidationException, ValidatorException> refusal) {
    Predicate<Object> check = compiled.get(schema);
    if (check != null && check.test(value)) {
      return new RequestParameterImpl(value);
    }
    OutputUnit result = validator(schema).validate(value);
    try {
      result.checkValidity();
      return new RequestParameterImpl(value);
    } catch (JsonSchemaValidationException invalid) {
      throw refusal.apply(result, invalid);
    }
  }
}
