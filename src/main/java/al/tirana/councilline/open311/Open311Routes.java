package al.tirana.councilline.open311;

import al.tirana.councilline.platform.http.ApiException;
import al.tirana.councilline.platform.axon.Commands;
import al.tirana.councilline.platform.config.Config;
import al.tirana.councilline.platform.http.ErrorHandler;
import al.tirana.councilline.platform.http.RateLimiter;
import al.tirana.councilline.platform.http.Operation;
import al.tirana.councilline.platform.http.Routes;
import al.tirana.councilline.shared.Addressee;
import al.tirana.councilline.shared.Category;
import al.tirana.councilline.shared.Channel;
import al.tirana.councilline.request.CitizenDataVault;
import al.tirana.councilline.request.IdempotentSubmissions;
import al.tirana.councilline.request.Kind;
import al.tirana.councilline.request.Location;
import al.tirana.councilline.request.PersonalData;
import al.tirana.councilline.shared.Priority;
import al.tirana.councilline.request.RequestCommand.SubmitRequest;
import al.tirana.councilline.request.RequestRoutes;
import al.tirana.councilline.shared.Status;
import al.tirana.councilline.request.SubmittedRequest;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) under /open311/v2/, in JSON and XML. A submission is an
 * ordinary request made through the same command as the web form's, with channel API and the integrator as actor.
 * Refusals are GeoReport error documents in the format asked for, never CouncilLine's JSON errors.
 */
record Open311Routes(Config config, Pool pool, Commands commands, CitizenDataVault vault, ApiKeys keys,
                     IdempotentSubmissions idempotentSubmissions) implements Routes {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Open311Routes.class);

  static final String SPECIFICATION = "http://wiki.open311.org/GeoReport_v2";
  private static final String CHANGESET = "2026-12-05T00:00:00Z";
  static final int DESCRIPTION_MAX = 4_000;
  private static final int SUBJECT_MAX = 120;
  private static final int LIST_MAX = 1_000;
  private static final Duration DEFAULT_WINDOW = Duration.ofDays(90);
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]{2,}$");
  private static final Pattern PHONE = Pattern.compile("^\\+?[0-9][0-9 ()-]{5,24}$");
  private static final Pattern UNIT = Pattern.compile("^[0-9]{1,2}$");

  private static final String ROWS = "SELECT v.number, v.status, v.kind, v.category, v.channel, v.submitted_at, "
      + "v.last_activity_at, v.due_at, v.latitude, v.longitude, v.address, v.administrative_unit, v.citizen_id, "
      + "v.sealed_personal_data, CASE v.addressee_type "
      + "WHEN 'COUNSELOR' THEN (SELECT full_name FROM directory_counselor WHERE id = v.addressee_id) "
      + "WHEN 'COMMISSION' THEN (SELECT name FROM directory_commission WHERE id = v.addressee_id) END AS agency, "
      + "(SELECT t.summary FROM request_timeline t WHERE t.number = v.number AND t.type = 'RequestResponded' "
      + "AND NOT t.internal ORDER BY t.seq DESC LIMIT 1) AS status_notes, "
      + "(SELECT t.actor_id FROM request_timeline t WHERE t.number = v.number AND t.type = 'RequestSubmitted' "
      + "AND t.actor_role = 'SYSTEM' LIMIT 1) AS submitted_by "
      + "FROM request_view v WHERE NOT v.spam ";

  /** The web pages' own translations name the categories and kinds, so both speak the same words. */
  private static final Map<String, JsonObject> WORDS = Map.of("sq", translations("sq"), "en", translations("en"));

  /**
   * Failures before an operation's handlers run (a query that is not valid text, a body over the limit) and paths
   * that are no operation are GeoReport errors too, ahead of the router's JSON answers.
   */
  @Override
  public void mount(io.vertx.ext.web.Router router) {
    router.route("/open311/*").handler(ctx -> fail(ctx, notFound("No Open311 resource " + ctx.request().path())));
    router.route("/open311/*").failureHandler(ctx -> fail(ctx, ctx.failure() == null
        ? new ApiException(ctx.statusCode(), "FAILED", ErrorHandler.translate(null, ctx.statusCode()).getMessage())
        : ctx.failure()));
  }

  /** Every refusal, thrown or failed, becomes a GeoReport error document in the format the path names. */
  @Override
  public Handler<RoutingContext> around(Handler<RoutingContext> handler) {
    return ctx -> {
      try {
        handler.handle(ctx);
      } catch (RuntimeException ex) {
        fail(ctx, ex);
      }
    };
  }

  /** The format of the operation the router matched: every document has a JSON and an XML operation. */
  private static Open311Format format(RoutingContext ctx) {
    io.vertx.openapi.contract.Operation operation = ctx.currentRoute().getMetadata(
        RouterBuilder.KEY_META_DATA_OPERATION);
    return operation.getOperationId().endsWith("Xml") ? Open311Format.XML : Open311Format.JSON;
  }

  @Operation("open311ServiceDefinition")
  private void serviceDefinition(RoutingContext ctx) {
    withExtension(ctx, "service", (code, format) -> serviceDefinition(ctx, code, format));
  }

  @Operation({"open311RequestsJson", "open311RequestsXml"})
  private void requests(RoutingContext ctx) {
    requests(ctx, format(ctx), null);
  }

  @Operation("open311Request")
  private void request(RoutingContext ctx) {
    withExtension(ctx, "request", (id, format) -> requests(ctx, format, id));
  }

  @Operation("open311Token")
  private void token(RoutingContext ctx) {
    withExtension(ctx, "token", (token, format) -> {
      throw notFound("Requests are created in real time; no token " + token + " was issued");
    });
  }

  private static void withExtension(RoutingContext ctx, String parameter, BiConsumer<String, Open311Format> handler) {
    String segment = ctx.pathParam(parameter);
    int dot = segment.lastIndexOf('.');
    Open311Format format = dot < 1 ? null : Open311Format.ofExtension(segment.substring(dot + 1));
    if (format == null) {
      throw notFound("Name the format: " + segment + ".json or " + segment + ".xml");
    }
    ctx.put(Open311Format.class.getName(), format);
    handler.accept(segment.substring(0, dot), format);
  }

  @Operation({"open311DiscoveryJson", "open311DiscoveryXml"})
  private void discovery(RoutingContext ctx) {
    Open311Format format = format(ctx);
    JsonObject endpoint = new JsonObject().put("specification", SPECIFICATION)
        .put("url", config.publicUrl().replaceAll("/+$", "") + "/open311/v2").put("changeset", CHANGESET)
        .put("type", "production").put("formats", new JsonArray().add("text/xml").add("application/json"));
    send(ctx, format, "discovery", new JsonObject().put("changeset", CHANGESET)
        .put("contact", "Këshilli Bashkiak i Tiranës, " + config.escalationEmail())
        .put("key_service", "Ask the council's administrator for an API key (" + config.publicUrl() + ")")
        .put("endpoints", new JsonArray().add(endpoint)));
  }

  @Operation({"open311ServicesJson", "open311ServicesXml"})
  private void services(RoutingContext ctx) {
    Open311Format format = format(ctx);
    JsonObject words = words(ctx);
    JsonArray services = new JsonArray();
    for (Category category : Category.values()) {
      String name = words.getString("category." + category.name(), category.name());
      services.add(new JsonObject().put("service_code", category.name()).put("service_name", name)
          .put("description", name).put("metadata", true).put("type", "realtime")
          .put("group", group(category, words)));
    }
    send(ctx, format, "services", services);
  }

  /** The definition's three attributes: whom the request is for, what kind it is, and its subject. */
  private void serviceDefinition(RoutingContext ctx, String code, Open311Format format) {
    Category category = category(code);
    JsonObject words = words(ctx);
    boolean english = isEnglish(ctx);
    addressees().onSuccess(addressees -> {
      JsonArray kinds = new JsonArray();
      for (Kind kind : Kind.values()) {
        kinds.add(new JsonObject().put("key", kind.name()).put("name", words.getString("kind." + kind.name(),
            kind.name())));
      }
      JsonArray attributes = new JsonArray()
          .add(attribute("addressee", "singlevaluelist", true, 1,
              english ? "The commission or counselor the request is for" : "Komisioni ose këshilltari të cilit i "
                  + "drejtohet kërkesa", english ? "Whom is it for?" : "Kujt i drejtohet?", addressees))
          .add(attribute("kind", "singlevaluelist", false, 2,
              english ? "REQUEST when not given" : "REQUEST kur nuk jepet", english ? "What kind of request is it?"
                  : "Çfarë lloji kërkese është?", kinds))
          .add(attribute("subject", "string", false, 3,
              english ? "At most " + SUBJECT_MAX + " characters; else the description's first line"
                  : "Deri në " + SUBJECT_MAX + " shkronja; përndryshe rreshti i parë i përshkrimit",
              english ? "Subject" : "Subjekti", null));
      send(ctx, format, "service_definition", new JsonObject().put("service_code", category.name())
          .put("attributes", attributes));
    }).onFailure(err -> fail(ctx, err));
  }

  private static JsonObject attribute(String code, String datatype, boolean required, int order, String datatypeNote,
                                      String description, JsonArray values) {
    JsonObject attribute = new JsonObject().put("variable", true).put("code", code).put("datatype", datatype)
        .put("required", required).put("datatype_description", datatypeNote).put("order", order)
        .put("description", description);
    if (values != null) {
      attribute.put("values", values);
    }
    return attribute;
  }

  /** Active commissions, then active counselors, as the addressee attribute's keys and names. */
  private Future<JsonArray> addressees() {
    return pool.query("SELECT 'COMMISSION' AS type, id, name FROM directory_commission WHERE active "
        + "UNION ALL SELECT 'COUNSELOR', id, full_name FROM directory_counselor WHERE active ORDER BY 1, 3, 2")
        .execute().map(rows -> {
          JsonArray values = new JsonArray();
          for (Row row : rows) {
            values.add(new JsonObject().put("key", row.getString("type") + ":" + row.getString("id"))
                .put("name", row.getString("name")));
          }
          return values;
        });
  }

  /**
   * With an Idempotency-Key, the same form sent again gets the first receipt again and makes no second request, as
   * on the citizen API. The key is scoped by the API key, so two integrators (or an integrator and a citizen) that
   * happen to send the same key make a request each.
   */
  @Operation({"open311SubmitJson", "open311SubmitXml"})
  private void submit(RoutingContext ctx) {
    Open311Format format = format(ctx);
    MultiMap form = form(ctx);
    boolean english = isEnglish(ctx);
    Optional<String> idempotencyKey = IdempotentSubmissions.keyOf(ctx);
    Future<Integrator> integrator = keys.authenticate(form.get("api_key")).map(found -> found.orElseThrow(() ->
        new ApiException(403, "FORBIDDEN", "A valid api_key is required to submit a request")));
    integrator.compose(by -> {
          Supplier<Future<SubmitRequest>> command = () -> submission(form, by, english);
          if (idempotencyKey.isEmpty()) {
            return command.get().compose(submission -> commands.<SubmittedRequest>send(submission)
                .map(submitted -> submitted.answer(submission.accessCode())));
          }
          // the call has already counted against the key's rate limit, a repeat as much as a new submission
          String client = "open311:" + by.keyId();
          return idempotentSubmissions.submit(ctx, idempotentSubmissions.scoped(client, idempotencyKey.get()),
              client, fingerprinted(form), command, commands, Future::succeededFuture);
        })
        .map(answer -> notice(answer, english))
        .onSuccess(answer -> send(ctx, format, "service_requests", new JsonArray().add(answer)))
        .onFailure(err -> fail(ctx, err));
  }

  /**
   * What makes two submissions the same for an idempotency key: every field, the query's too (the locale chooses the
   * notice's language), but the api_key, which names the sender rather than the request.
   */
  private static JsonObject fingerprinted(MultiMap form) {
    JsonObject fields = new JsonObject();
    form.names().stream().filter(name -> !name.equalsIgnoreCase("api_key"))
        .forEach(name -> fields.put(name.toLowerCase(Locale.ROOT), new JsonArray(form.getAll(name))));
    return fields;
  }

  private Future<SubmitRequest> submission(MultiMap form, Integrator integrator, boolean english) {
    Category category = category(required(form, "service_code"));
    JsonArray problems = new JsonArray();
    String description = form.get("description");
    if (description == null || description.isBlank()) {
      problems.add(problem("description", "required"));
    } else if (description.codePointCount(0, description.length()) > DESCRIPTION_MAX) {
      problems.add(problem("description", "at most " + DESCRIPTION_MAX + " characters"));
    }
    String email = blankToNull(form.get("email"));
    if (email != null && !EMAIL.matcher(email).matches()) {
      problems.add(problem("email", "not an email address"));
    }
    String phone = blankToNull(form.get("phone"));
    if (phone != null && !PHONE.matcher(phone).matches()) {
      problems.add(problem("phone", "not a phone number"));
    }
    String unitText = blankToNull(form.get("address_id"));
    Integer unit = null;
    if (unitText != null) {
      unit = UNIT.matcher(unitText).matches() ? Integer.valueOf(unitText) : null;
      if (unit == null || unit < 1 || unit > 24) {
        problems.add(problem("address_id", "an administrative unit of Tirana, 1 to 24"));
        unit = null;
      }
    }
    Double lat = coordinate(form, "lat", problems);
    Double lon = coordinate(form, "long", problems);
    String address = blankToNull(form.get("address_string"));
    if (lat == null && lon == null && address == null && unitText == null && problems.isEmpty()) {
      problems.add(problem("lat", "give a location: lat and long, address_string or address_id"));
    }
    String kindText = attribute(form, "kind");
    Kind kind = Kind.REQUEST;
    if (kindText != null) {
      try {
        kind = Kind.valueOf(kindText);
      } catch (IllegalArgumentException ex) {
        problems.add(problem("attribute[kind]", "not one of the listed values"));
      }
    }
    String subject = blankToNull(attribute(form, "subject"));
    if (subject != null && subject.length() > SUBJECT_MAX) {
      problems.add(problem("attribute[subject]", "at most " + SUBJECT_MAX + " characters"));
    }
    String addresseeText = attribute(form, "addressee");
    if (addresseeText == null || addresseeText.isBlank()) {
      problems.add(problem("attribute[addressee]", "required: one of the listed commissions and counselors"));
    }
    if (!problems.isEmpty()) {
      throw invalid(problems);
    }
    Location location = Location.of(lat, lon, address, "lat", "long", "address_string");
    String mediaUrl = blankToNull(form.get("media_url"));
    String text = description;
    String title = subject != null ? subject : firstLine(description);
    PersonalData personal = new PersonalData(blankToNull(form.get("first_name")), blankToNull(form.get("last_name")),
        null, email, phone, title, text, mediaUrl);
    Kind chosen = kind;
    Integer chosenUnit = unit;
    return addressees().map(values -> {
      boolean listed = values.stream().map(v -> ((JsonObject) v).getString("key")).anyMatch(addresseeText::equals);
      if (!listed) {
        throw invalid(new JsonArray().add(problem("attribute[addressee]", "not one of the listed values")));
      }
      String[] parts = addresseeText.split(":", 2);
      return new SubmitRequest(chosen, Priority.NORMAL, category,
          new Addressee(Addressee.Type.valueOf(parts[0]), parts[1]), personal, RequestRoutes.newAccessCode(),
          english ? "en" : "sq", chosenUnit, integrator.actor(), Channel.API, location);
    });
  }

  /** The receipt, made from the submission's answer: a repeat's, read back from its key, is the first one's. */
  private static JsonObject notice(JsonObject answer, boolean english) {
    String due = answer.getString("dueAt");
    return new JsonObject().put("service_request_id", answer.getString("number"))
        .put("service_notice", english ? "Received by Tirana's Municipal Council; feedback is due by " + due
            : "U mor nga Këshilli Bashkiak i Tiranës; përgjigjja pritet deri më " + due)
        .putNull("account_id");
  }

  /**
   * The requests that match, newest first. A read with the key of the integrator that submitted a request shows its
   * description and media_url as sent; everyone else sees the public description (kind and service), never the
   * citizen's words, name or contacts.
   */
  private void requests(RoutingContext ctx, Open311Format format, String id) {
    MultiMap params = form(ctx);
    StringBuilder where = new StringBuilder();
    List<Object> values = new ArrayList<>();
    String ids = id != null ? id : blankToNull(params.get("service_request_id"));
    if (ids != null) {
      values.add(java.util.Arrays.stream(ids.split(",")).map(String::trim).filter(s -> !s.isEmpty())
          .toArray(String[]::new));
      where.append("AND v.number = ANY($1) ");
    } else {
      OffsetDateTime end = date(params, "end_date");
      OffsetDateTime start = date(params, "start_date");
      if (start == null) {
        start = (end != null ? end : OffsetDateTime.now(ZoneOffset.UTC)).minus(DEFAULT_WINDOW);
      }
      values.add(start);
      where.append("AND v.submitted_at >= $1 ");
      if (end != null) {
        values.add(end);
        where.append("AND v.submitted_at <= $").append(values.size()).append(' ');
      }
      String code = blankToNull(params.get("service_code"));
      if (code != null) {
        values.add(code);
        where.append("AND v.category = $").append(values.size()).append(' ');
      }
      String status = blankToNull(params.get("status"));
      if (status != null) {
        Boolean open = status(status);
        if (open != null) {
          where.append(open ? "AND v.status IN " : "AND v.status NOT IN ").append(Status.OPEN_SQL).append(' ');
        }
      }
    }
    JsonObject words = words(ctx);
    keys.authenticate(blankToNull(params.get("api_key"))).compose(reader -> pool.preparedQuery(ROWS + where
            + "ORDER BY v.submitted_at DESC, v.number LIMIT " + LIST_MAX).execute(Tuple.from(values))
        .compose(rows -> {
          List<Future<JsonObject>> records = new ArrayList<>();
          for (Row row : rows) {
            records.add(record(row, words, reader));
          }
          return Future.all(records).map(done -> {
            JsonArray list = new JsonArray();
            records.forEach(r -> list.add(r.result()));
            return list;
          });
        }))
        .onSuccess(list -> {
          if (id != null && list.isEmpty()) {
            fail(ctx, notFound("No request " + id));
          } else {
            send(ctx, format, "service_requests", list);
          }
        })
        .onFailure(err -> fail(ctx, err));
  }

  private Future<JsonObject> record(Row row, JsonObject words, Optional<Integrator> reader) {
    String name = words.getString("category." + row.getString("category"), row.getString("category"));
    String publicDescription = words.getString("kind." + row.getString("kind"), row.getString("kind")) + " · " + name;
    JsonObject record = new JsonObject()
        .put("service_request_id", row.getString("number"))
        .put("status", Status.valueOf(row.getString("status")).isOpen() ? "open" : "closed")
        .put("status_notes", row.getString("status_notes"))
        .put("service_name", name)
        .put("service_code", row.getString("category"))
        .put("description", publicDescription)
        .put("agency_responsible", row.getString("agency"))
        .putNull("service_notice")
        .put("requested_datetime", dateTime(row.getOffsetDateTime("submitted_at")))
        .put("updated_datetime", dateTime(row.getOffsetDateTime("last_activity_at")))
        .put("expected_datetime", dateTime(row.getOffsetDateTime("due_at")))
        .put("address", row.getString("address"))
        .put("address_id", row.getInteger("administrative_unit") == null ? null
            : String.valueOf(row.getInteger("administrative_unit")))
        .put("lat", row.getDouble("latitude"))
        .put("long", row.getDouble("longitude"))
        .putNull("media_url");
    boolean own = reader.isPresent() && Channel.API.name().equals(row.getString("channel"))
        && reader.get().name().equals(row.getString("submitted_by"));
    if (!own) {
      return Future.succeededFuture(record);
    }
    return vault.open(pool, row.getUUID("citizen_id").toString(), row.getString("sealed_personal_data"))
        .map(data -> {
          // erased at the citizen's request: the integrator sees what the public sees
          data.ifPresent(personal -> record.put("description", personal.body()).put("media_url", personal.mediaUrl()));
          return record;
        });
  }

  /** The request's instant in the council's time zone, with its offset: the true instant, never local time as Z. */
  private static String dateTime(OffsetDateTime time) {
    return time == null ? null : time.atZoneSameInstant(Config.ZONE).toOffsetDateTime().toString();
  }

  private static Boolean status(String status) {
    List<String> wanted = java.util.Arrays.stream(status.split(",")).map(String::trim).toList();
    if (wanted.isEmpty() || !List.of("open", "closed").containsAll(wanted)) {
      throw invalid(new JsonArray().add(problem("status", "open, closed or open,closed")));
    }
    return wanted.contains("open") && wanted.contains("closed") ? null : wanted.contains("open");
  }

  private static OffsetDateTime date(MultiMap params, String name) {
    String value = blankToNull(params.get(name));
    if (value == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value);
    } catch (DateTimeParseException ex) {
      throw invalid(new JsonArray().add(problem(name, "a W3C date-time with its offset, such as "
          + "2026-12-01T10:00:00+01:00 or 2026-12-01T09:00:00Z")));
    }
  }

  private static Double coordinate(MultiMap form, String name, JsonArray problems) {
    String value = blankToNull(form.get(name));
    if (value == null) {
      return null;
    }
    try {
      double number = Double.parseDouble(value);
      double bound = name.equals("lat") ? 90 : 180;
      if (!(number >= -bound && number <= bound)) {
        problems.add(problem(name, "must be between " + -bound + " and " + bound));
        return null;
      }
      return number;
    } catch (NumberFormatException ex) {
      problems.add(problem(name, "not a number"));
      return null;
    }
  }

  /** {@code attribute[code]}: the body handler has already decoded percent-encoded brackets. */
  private static String attribute(MultiMap form, String code) {
    return form.get("attribute[" + code + "]");
  }

  private static String firstLine(String description) {
    String line = description.strip().lines().findFirst().orElse("").strip();
    return line.length() <= SUBJECT_MAX ? line : line.substring(0, SUBJECT_MAX);
  }

  private static Category category(String code) {
    try {
      return Category.valueOf(code);
    } catch (IllegalArgumentException ex) {
      throw notFound("No service " + code);
    }
  }

  private static String required(MultiMap form, String name) {
    String value = blankToNull(form.get(name));
    if (value == null) {
      throw invalid(new JsonArray().add(problem(name, "required")));
    }
    return value;
  }

  /** Form fields of a POST, and query parameters (GET, or a client that puts api_key in the query). */
  private static MultiMap form(RoutingContext ctx) {
    MultiMap all = MultiMap.caseInsensitiveMultiMap();
    all.addAll(ctx.request().formAttributes());
    ctx.queryParams().forEach(entry -> {
      if (!all.contains(entry.getKey())) {
        all.add(entry.getKey(), entry.getValue());
      }
    });
    return all;
  }

  private static String group(Category category, JsonObject words) {
    boolean english = "Youth".equals(words.getString("category.YOUTH"));
    return switch (category) {
      case SOCIAL_HOUSING, RENTS, MARGINALIZED_GROUPS, YOUTH -> english ? "Social affairs" : "Çështje sociale";
      case FINANCE, ENTERPRISES -> english ? "Economy" : "Ekonomia";
      case URBAN_PLANNING, ENVIRONMENT, TRANSPORT -> english ? "The city" : "Qyteti";
      case OTHER -> english ? "Other" : "Të tjera";
    };
  }

  private JsonObject words(RoutingContext ctx) {
    return WORDS.get(isEnglish(ctx) ? "en" : "sq");
  }

  private static boolean isEnglish(RoutingContext ctx) {
    String locale = ctx.queryParams().get("locale");
    if (locale == null) {
      locale = ctx.request().formAttributes().get("locale");
    }
    return locale != null && locale.toLowerCase(Locale.ROOT).startsWith("en");
  }

  private static JsonObject translations(String language) {
    String path = "web/i18n/" + language + ".json";
    try (InputStream in = Open311Routes.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(path + " is missing from the class path");
      }
      return new JsonObject(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  private static void send(RoutingContext ctx, Open311Format format, String root, Object document) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response().setStatusCode(200).putHeader("Content-Type", format.contentType())
        .end(format.write(root, document));
  }

  /**
   * A GeoReport error document with the status the specification names: 400 for bad input (a broken business rule
   * included), 403 for a missing or wrong key, 404 for an unknown service or request; 429 and 503 keep their own.
   */
  private static void fail(RoutingContext ctx, Throwable failure) {
    if (ctx.response().ended()) {
      return;
    }
    ApiException error = ErrorHandler.translate(failure, 500);
    int status = error.status();
    if (status == 409 || status == 422 || status == 413 || status == 415) {
      status = 400;
    }
    if (error instanceof RateLimiter.RateLimitedException limited) {
      ctx.response().putHeader("Retry-After", String.valueOf(limited.retryAfterSeconds()));
    }
    if (status >= 500) {
      LOG.error("{} {} answered {}", ctx.request().method(), ctx.request().path(), status, failure);
    }
    String description = error.getMessage() + details(error);
    Open311Format format = formatOf(ctx);
    JsonArray errors = new JsonArray().add(new JsonObject().put("code", status).put("description", description));
    ctx.response().setStatusCode(status).putHeader("Content-Type", format.contentType())
        .end(format.write("errors", errors));
  }

  private static String details(ApiException error) {
    if (error.details() instanceof JsonArray problems && !problems.isEmpty()) {
      StringBuilder text = new StringBuilder(":");
      problems.forEach(p -> {
        JsonObject problem = (JsonObject) p;
        text.append(' ').append(problem.getString("field")).append(' ').append(problem.getString("problem"))
            .append(';');
      });
      return text.substring(0, text.length() - 1);
    }
    return "";
  }

  private static Open311Format formatOf(RoutingContext ctx) {
    Open311Format known = ctx.get(Open311Format.class.getName());
    if (known != null) {
      return known;
    }
    return ctx.request().path().endsWith(".xml") ? Open311Format.XML : Open311Format.JSON;
  }

  private static ApiException invalid(JsonArray problems) {
    return ApiException.badRequest("VALIDATION_FAILED", "The request is incomplete or invalid", problems);
  }

  private static ApiException notFound(String message) {
    return new ApiException(404, "NOT_FOUND", message);
  }

  private static JsonObject problem(String field, String text) {
    return new JsonObject().put("field", field).put("problem", text);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
