package al.tirana.councilline.request;

import al.tirana.councilline.shared.Addressee;
import al.tirana.councilline.shared.Category;
import al.tirana.councilline.shared.Channel;
import al.tirana.councilline.shared.Priority;
import al.tirana.councilline.platform.http.ApiException;
import al.tirana.councilline.platform.http.ClientAddress;
import al.tirana.councilline.platform.axon.Commands;
import al.tirana.councilline.platform.http.Http;
import al.tirana.councilline.platform.http.Operation;
import al.tirana.councilline.platform.http.RateLimiter;
import al.tirana.councilline.platform.http.Routes;
import al.tirana.councilline.shared.Actor;
import al.tirana.councilline.identity.Caller;
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
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/** Submitting, tracking and acting on citizen requests. */
public record RequestRoutes(Commands commands, RequestViews views, RequestAccess access,
                            RateLimiter anonymousSubmissions, IdempotentSubmissions idempotentSubmissions)
    implements Routes {

  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]{2,}$");
  private static final Pattern PHONE = Pattern.compile("^\\+?[0-9][0-9 ()-]{5,24}$");
  private static final Role[] STAFF = {Role.STAFF, Role.ADMIN};

  @Operation("submitRequest")
  private void submit(RoutingContext ctx) {
    JsonObject body = Http.body(ctx);
    Caller caller = Caller.of(ctx).orElse(null);
    // desks register many citizens in a row; the limit is for the anonymous public. Taken only once the submission
    // is known to be new: a refused one, or the retry of one already made, counts for nothing
    Supplier<Future<Void>> allowed = () -> caller == null || !caller.is(STAFF)
        ? anonymousSubmissions.acquire(ClientAddress.limitKey(ctx), "submissions") : Future.succeededFuture();
    Channel channel = Channel.valueOf(body.getString("channel", Channel.WEB.name()));
    if (channel == Channel.DESK && (caller == null || !caller.is(STAFF))) {
      throw ApiException.forbidden("Only desk staff register requests with channel DESK");
    }
    JsonObject addressee = body.getJsonObject("addressee");
    String accessCode = newAccessCode();
    SubmitRequest command = new SubmitRequest(
        Kind.valueOf(body.getString("kind")),
        Priority.valueOf(body.getString("priority")),
        Category.valueOf(body.getString("category")),
        addressee == null ? null
            : new Addressee(Addressee.Type.valueOf(addressee.getString("type")), addressee.getString("id")),
        personalData(body),
        accessCode,
        body.getString("language", "sq"),
        body.getInteger("administrativeUnit"),
        caller != null && caller.is(STAFF) ? caller.actor() : new Actor("anonymous", Role.CITIZEN),
        channel,
        location(body.getJsonObject("location")));
    Optional<String> idempotencyKey = IdempotentSubmissions.keyOf(ctx);
    if (idempotencyKey.isPresent()) {
      String sender = caller == null ? "anonymous" : caller.actor().id();
      Http.reply(ctx, 201, idempotentSubmissions.submit(ctx, idempotencyKey.get(), sender, body,
          () -> Future.succeededFuture(command), commands, allowed));
      return;
    }
    Http.reply(ctx, 201, allowed.get().compose(ok -> commands.<SubmittedRequest>send(command))
        .map(submitted -> submitted.answer(accessCode)));
  }

  @Operation("getRequest")
  private void get(RoutingContext ctx) {
    String number = ctx.pathParam("number");
    Caller caller = Caller.of(ctx).orElse(null);
    // every auditor read is itself recorded
    Future<Void> logged = caller != null && caller.role() == Role.AUDITOR
        ? views.recordAuditorRead(caller, "request " + number) : Future.succeededFuture();
    Http.reply(ctx, 200, logged.compose(v -> views.row(number))
        .compose(row -> access.audience(ctx, row).compose(audience -> views.render(row, audience,
            caller == null ? null : caller.role()))));
  }

  @Operation("acknowledgeRequest")
  private void acknowledge(RoutingContext ctx) {
    act(ctx, (number, by) -> new AcknowledgeRequest(number, by, channelOf(ctx)));
  }

  @Operation("assignRequest")
  private void assign(RoutingContext ctx) {
    JsonObject body = Http.body(ctx);
    Addressee assignee = body.containsKey("counselorId") ? Addressee.counselor(body.getString("counselorId"))
        : Addressee.commission(body.getString("commissionId"));
    act(ctx, (number, by) -> new AssignRequest(number, assignee, by, channelOf(ctx)));
  }

  @Operation("referRequest")
  private void refer(RoutingContext ctx) {
    JsonObject body = Http.body(ctx);
    act(ctx, (number, by) -> new ReferRequestToDepartment(number, body.getString("department"),
        body.getString("note"), by, channelOf(ctx)));
  }

  @Operation("inviteCitizen")
  private void invite(RoutingContext ctx) {
    JsonObject body = Http.body(ctx);
    Instant meetingAt = dateTime("meetingAt", body.getString("meetingAt"));
    act(ctx, (number, by) -> new InviteCitizenToMeeting(number, meetingAt, body.getString("place"), by,
        channelOf(ctx)));
  }

  @Operation("addNote")
  private void addNote(RoutingContext ctx) {
    JsonObject body = Http.body(ctx);
    act(ctx, (number, by) -> new AddInternalNote(number, body.getString("text"), by, channelOf(ctx)));
  }

  @Operation("changePriority")
  private void changePriority(RoutingContext ctx) {
    Priority priority = Priority.valueOf(Http.body(ctx).getString("priority"));
    act(ctx, (number, by) -> new ChangePriority(number, priority, by, channelOf(ctx)));
  }

  @Operation("respondToRequest")
  private void respond(RoutingContext ctx) {
    JsonObject body = Http.body(ctx);
    act(ctx, (number, by) -> new RespondToRequest(number, body.getString("message"), by, channelOf(ctx)));
  }

  @Operation("resolveRequest")
  private void resolve(RoutingContext ctx) {
    act(ctx, (number, by) -> new ResolveRequest(number, by, channelOf(ctx)));
  }

  @Operation("closeRequest")
  private void close(RoutingContext ctx) {
    act(ctx, (number, by) -> new CloseRequest(number, by, channelOf(ctx)));
  }

  @Operation("rejectRequest")
  private void reject(RoutingContext ctx) {
    JsonObject body = Http.body(ctx);
    act(ctx, (number, by) -> new RejectRequest(number, body.getString("reason"), by, channelOf(ctx)));
  }

  @Operation("reopenRequest")
  private void reopen(RoutingContext ctx) {
    JsonObject body = Http.body(ctx);
    act(ctx, (number, by) -> new ReopenRequest(number, body.getString("reason"), by, channelOf(ctx)));
  }

  @Operation("withdrawRequest")
  private void withdraw(RoutingContext ctx) {
    citizenAct(ctx, (number, citizen) -> new WithdrawRequest(number, citizen, channelOf(ctx)));
  }

  @Operation("answerInformationRequest")
  private void answer(RoutingContext ctx) {
    String message = Http.body(ctx).getString("message");
    citizenAct(ctx, (number, citizen) -> new RequestCommand.AnswerInformationRequest(number, message, citizen,
        channelOf(ctx)));
  }

  /** An administrator acts on the citizen's request, proven by the access code the citizen gave them. */
  @Operation("eraseCitizen")
  private void erase(RoutingContext ctx) {
    Caller admin = Caller.current(ctx);
    JsonObject body = Http.body(ctx);
    String number = body.getString("number");
    Http.reply(ctx, 200, views.row(number)
        .compose(row -> {
          if (!access.matchesAccessCode(body.getString("accessCode"), row)) {
            throw ApiException.forbidden("The access code does not match this request");
          }
          return commands.send(new RequestCommand.ErasePersonalData(number, admin.actor(), channelOf(ctx)));
        })
        .map(done -> new JsonObject().put("number", number).put("erased", true)));
  }

  @Operation("markSpam")
  private void markSpam(RoutingContext ctx) {
    String reason = Http.body(ctx).getString("reason");
    act(ctx, (number, by) -> new RequestCommand.MarkAsSpam(number, reason, by, channelOf(ctx)));
  }

  @Operation("rateResponse")
  private void rate(RoutingContext ctx) {
    JsonObject body = Http.body(ctx);
    citizenAct(ctx, (number, citizen) -> new RequestCommand.RateResponse(number, body.getInteger("score"),
        body.getString("comment"), citizen, channelOf(ctx)));
  }

  @Operation("awaitCitizen")
  private void awaitCitizen(RoutingContext ctx) {
    String message = Http.body(ctx).getString("message");
    act(ctx, (number, by) -> new RequestCommand.RequestCitizenInformation(number, message, by,
        channelOf(ctx)));
  }

  @Operation("resumeClock")
  private void resume(RoutingContext ctx) {
    act(ctx, (number, by) -> new RequestCommand.ResumeSlaClock(number, by, channelOf(ctx)));
  }

  @Operation("extendDeadline")
  private void extend(RoutingContext ctx) {
    JsonObject body = Http.body(ctx);
    Instant dueAt = dateTime("dueAt", body.getString("dueAt"));
    act(ctx, (number, by) -> new RequestCommand.ExtendDeadline(number, dueAt, body.getString("reason"), by,
        channelOf(ctx)));
  }

  /** The citizen's own action, proven by the access code instead of an account. */
  private void citizenAct(RoutingContext ctx, BiFunction<String, Actor, RequestCommand> command) {
    String number = ctx.pathParam("number");
    Http.reply(ctx, 200, views.row(number)
        .compose(row -> access.requireAccessCode(ctx, row)
            .compose(ok -> commands.send(command.apply(number, Actor.citizen(row.getUUID("citizen_id").toString())))))
        .compose(done -> views.row(number))
        .compose(row -> views.render(row, Audience.CITIZEN)));
  }

  /**
   * A council action (the access policy admitted the caller's role): a counselor must also be concerned by the
   * request. Answers with the updated view, read after the command's transaction committed.
   */
  private void act(RoutingContext ctx, BiFunction<String, Actor, RequestCommand> command) {
    Caller caller = Caller.current(ctx);
    String number = ctx.pathParam("number");
    Http.reply(ctx, 200, views.row(number)
        .compose(row -> access.requireConcerned(caller, row))
        .compose(row -> commands.send(command.apply(number, caller.actor())))
        .compose(done -> views.row(number))
        .compose(row -> views.render(row, Audience.COUNCIL, caller.role())));
  }

  /** Staff act from the web console unless their client says it is the mobile app or another system. */
  private static Channel channelOf(RoutingContext ctx) {
    String header = ctx.request().getHeader("X-Channel");
    if (header == null) {
      return Channel.WEB;
    }
    try {
      Channel channel = Channel.valueOf(header.trim().toUpperCase());
      if (channel == Channel.DESK || channel == Channel.WHATSAPP) {
        return Channel.WEB;
      }
      return channel;
    } catch (IllegalArgumentException ex) {
      throw ApiException.badRequest("VALIDATION_FAILED", "X-Channel must be WEB, MOBILE or API",
          new JsonArray().add(new JsonObject().put("field", "X-Channel").put("problem", "unknown channel")));
    }
  }

  private static PersonalData personalData(JsonObject body) {
    JsonObject citizen = body.getJsonObject("citizen");
    String email = blankToNull(citizen.getString("email"));
    String phone = blankToNull(citizen.getString("phone"));
    JsonArray problems = new JsonArray();
    if (email == null && phone == null) {
      problems.add(problem("/citizen", "give an email address or a phone number"));
    }
    if (email != null && !EMAIL.matcher(email).matches()) {
      problems.add(problem("/citizen/email", "not an email address"));
    }
    if (phone != null && (!PHONE.matcher(phone).matches() || phone.replaceAll("\\D", "").length() < 6)) {
      problems.add(problem("/citizen/phone", "not a phone number"));
    }
    if (blankToNull(citizen.getString("firstName")) == null) {
      problems.add(problem("/citizen/firstName", "must not be blank"));
    }
    if (blankToNull(citizen.getString("lastName")) == null) {
      problems.add(problem("/citizen/lastName", "must not be blank"));
    }
    if (blankToNull(body.getString("subject")) == null) {
      problems.add(problem("/subject", "must not be blank"));
    }
    if (!problems.isEmpty()) {
      throw ApiException.badRequest("VALIDATION_FAILED", "The citizen's details are incomplete or invalid", problems);
    }
    return new PersonalData(citizen.getString("firstName").trim(), citizen.getString("lastName").trim(),
        blankToNull(citizen.getString("organization")), email, phone, body.getString("subject").trim(),
        body.getString("body"));
  }

  private static Location location(JsonObject location) {
    if (location == null) {
      return null;
    }
    Number lat = location.getNumber("lat");
    Number lon = location.getNumber("long");
    return Location.of(lat == null ? null : lat.doubleValue(), lon == null ? null : lon.doubleValue(),
        location.getString("address"), "/location/lat", "/location/long", "/location/address");
  }

  private static Instant dateTime(String field, String value) {
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException ex) {
      throw ApiException.badRequest("VALIDATION_FAILED", field + " must be an ISO-8601 date-time with offset",
          new JsonArray().add(problem("/" + field, "not an ISO-8601 date-time such as 2026-12-01T10:00:00+01:00")));
    }
  }

  private static JsonObject problem(String field, String text) {
    return new JsonObject().put("field", field).put("problem", text);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  /** A fresh access code, shown to the citizen once; every channel that creates a request draws one. */
  public static String newAccessCode() {
    return AccessCodes.next();
  }
}
