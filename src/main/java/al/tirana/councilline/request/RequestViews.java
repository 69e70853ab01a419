package al.tirana.councilline.request;

import al.tirana.councilline.shared.Status;
import al.tirana.councilline.platform.http.ApiException;
import al.tirana.councilline.shared.Role;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.Optional;

/** Renders a request from the read model for a given audience (non-blocking). */
public final class RequestViews {

  static final String ERASED = "[erased]";

  private static final String ROW = "SELECT v.*, " + nameOf("addressee") + " AS addressee_name, "
      + nameOf("assignee") + " AS assignee_name FROM request_view v WHERE v.number = $1";

  private final Pool pool;
  private final CitizenDataVault vault;
  private final java.util.function.Function<String, java.time.Duration> windowOf;

  private static String nameOf(String role) {
    return "CASE v." + role + "_type WHEN 'COUNSELOR' THEN (SELECT full_name FROM directory_counselor WHERE id = v."
        + role + "_id) WHEN 'COMMISSION' THEN (SELECT name FROM directory_commission WHERE id = v." + role
        + "_id) END";
  }

  public RequestViews(Pool pool, CitizenDataVault vault,
                      java.util.function.Function<String, java.time.Duration> windowOf) {
    this.pool = pool;
    this.vault = vault;
    this.windowOf = windowOf;
  }

  public Future<Void> recordAuditorRead(al.tirana.councilline.identity.Caller auditor, String what) {
    return pool.preparedQuery("INSERT INTO audit_read (username, role, what) VALUES ($1, $2, $3)")
        .execute(Tuple.of(auditor.username(), auditor.role().name(), what)).mapEmpty();
  }

  /** The read-model row of a request; 404 when there is no such request. */
  public Future<Row> row(String number) {
    return pool.preparedQuery(ROW).execute(Tuple.of(number)).map(rows -> {
      if (rows.size() == 0) {
        throw ApiException.notFound("Request " + number);
      }
      return rows.iterator().next();
    });
  }

  public Future<JsonObject> render(Row row, Audience audience) {
    return render(row, audience, null);
  }

  /**
   * The council's view carries the actions the caller's role may take now, and the citizen's view the citizen's,
   * decided by the aggregate's own rule (RequestAction) on the state the timeline shows.
   */
  public Future<JsonObject> render(Row row, Audience audience, Role role) {
    String number = row.getString("number");
    io.vertx.core.Promise<JsonObject> explanation = io.vertx.core.Promise.promise();
    io.vertx.core.Promise<RequestAction.State> state = io.vertx.core.Promise.promise();
    Future<JsonArray> timeline = pool.preparedQuery(
            "SELECT seq, type, at, internal, summary, detail, actor_role, actor_id FROM request_timeline "
                + "WHERE number = $1 ORDER BY seq")
        .execute(Tuple.of(number))
        .map(rows -> {
          JsonArray items = new JsonArray();
          explanation.complete(dueExplanation(row.getString("priority"), rows));
          state.complete(stateOf(row, rows));
          for (Row r : rows) {
            if (r.getBoolean("internal") && audience != Audience.COUNCIL) {
              continue;
            }
            JsonObject item = new JsonObject()
                .put("type", r.getString("type"))
                .put("at", instant(r.getOffsetDateTime("at")))
                .put("summary", r.getString("summary"));
            if (audience != Audience.PUBLIC && r.getJsonObject("detail") != null) {
              item.put("detail", r.getJsonObject("detail"));
            }
            if (audience == Audience.COUNCIL) {
              item.put("by", new JsonObject().put("role", r.getString("actor_role")).put("id", r.getString("actor_id")));
            }
            items.add(item);
          }
          return items;
        });
    Future<Optional<PersonalData>> personal = audience == Audience.PUBLIC
        ? Future.succeededFuture(Optional.empty())
        : vault.open(pool, row.getUUID("citizen_id").toString(), row.getString("sealed_personal_data"));
    return Future.all(timeline, personal).compose(done -> openMessages(row, timeline.result())).map(done -> {
      JsonObject view = publicFields(row).put("due", explanation.future().result())
          .put("timeline", timeline.result());
      if (audience != Audience.PUBLIC) {
        addPrivateFields(view, personal.result());
      }
      if (audience == Audience.COUNCIL && role != null) {
        view.put("allowedActions", new JsonArray(RequestAction.allowedForCouncil(role, state.future().result())));
      } else if (audience == Audience.CITIZEN) {
        view.put("allowedActions", new JsonArray(RequestAction.allowedForCitizen(state.future().result())));
      }
      if (audience == Audience.COUNCIL) {
        view.put("channel", row.getString("channel"))
            .put("administrativeUnit", row.getInteger("administrative_unit"))
            .put("language", row.getString("language"));
      }
      return view;
    }).compose(view -> audience == Audience.COUNCIL && "WHATSAPP".equals(row.getString("channel"))
        ? whatsappMessages(number).map(messages -> view.put("whatsappMessages", messages))
        : Future.succeededFuture(view));
  }

  /**
   * The citizen's own messages travel sealed in the timeline's details (only private views carry details at all):
   * opened here with the citizen's key, or shown as erased once the key is gone.
   */
  private Future<Void> openMessages(Row row, JsonArray timeline) {
    java.util.List<Future<?>> opened = new java.util.ArrayList<>();
    String citizenId = row.getUUID("citizen_id").toString();
    for (Object item : timeline) {
      JsonObject detail = ((JsonObject) item).getJsonObject("detail");
      if (detail != null && detail.getValue("sealedMessage") instanceof String sealed) {
        opened.add(vault.openText(pool, citizenId, sealed).onSuccess(text -> {
          detail.remove("sealedMessage");
          detail.put("message", text.orElse(ERASED));
        }));
      }
    }
    return Future.all(opened).mapEmpty();
  }

  /** For staff: each message the citizen was sent on WhatsApp about this request, and how far it got. */
  private Future<JsonArray> whatsappMessages(String number) {
    return pool.preparedQuery("SELECT template, status, delivery_state, error_code, created_at FROM mail_outbox "
            + "WHERE number = $1 AND channel = 'WHATSAPP' ORDER BY id").execute(Tuple.of(number))
        .map(rows -> {
          JsonArray messages = new JsonArray();
          rows.forEach(r -> messages.add(new JsonObject().put("message", r.getString("template"))
              .put("status", r.getString("status")).put("deliveryState", r.getString("delivery_state"))
              .put("errorCode", r.getInteger("error_code")).put("at", instant(r.getOffsetDateTime("created_at")))));
          return messages;
        });
  }

  /** What the aggregate decides actions on, as its events left it. */
  private static RequestAction.State stateOf(Row row, Iterable<Row> timeline) {
    int responses = 0;
    int rated = 0;
    boolean story = false;
    for (Row r : timeline) {
      switch (r.getString("type")) {
        case "RequestResponded" -> responses++;
        case "CitizenRatedResponse" -> rated = responses;
        case "SuccessStoryPublished" -> story = true;
        case "SuccessStoryWithdrawn" -> story = false;
        default -> { }
      }
    }
    return new RequestAction.State(Status.valueOf(row.getString("status")), row.getBoolean("spam"), story,
        responses, rated);
  }

  /** Why the due date is what it is: the policy, the counting mode, holidays skipped, pauses and extensions. */
  private JsonObject dueExplanation(String priority, Iterable<Row> timeline) {
    JsonObject due = new JsonObject().put("policy", priority + " " + windowOf.apply(priority));
    JsonArray pauses = new JsonArray();
    JsonArray extensions = new JsonArray();
    JsonObject openPause = null;
    for (Row r : timeline) {
      String type = r.getString("type");
      JsonObject detail = r.getJsonObject("detail");
      String at = instant(r.getOffsetDateTime("at"));
      if ("SlaClockStarted".equals(type) && detail != null) {
        due.put("mode", detail.getString("mode"));
        due.put("holidaysSkipped", detail.getJsonArray("holidaysSkipped", new JsonArray()));
      } else if ("CitizenInformationRequested".equals(type)) {
        openPause = new JsonObject().put("from", at);
        pauses.add(openPause);
      } else if (("CitizenAnswered".equals(type) || "SlaClockResumed".equals(type)) && openPause != null) {
        openPause.put("to", at);
        openPause = null;
      } else if ("DeadlineExtended".equals(type) && detail != null) {
        extensions.add(detail.copy());
      }
    }
    return due.put("pauses", pauses).put("extensions", extensions);
  }

  private static JsonObject publicFields(Row row) {
    JsonObject view = new JsonObject()
        .put("number", row.getString("number"))
        .put("status", row.getString("status"))
        .put("kind", row.getString("kind"))
        .put("priority", row.getString("priority"))
        .put("category", row.getString("category"))
        .put("addressee", new JsonObject()
            .put("type", row.getString("addressee_type"))
            .put("id", row.getString("addressee_id"))
            .put("name", row.getString("addressee_name")))
        .put("submittedAt", instant(row.getOffsetDateTime("submitted_at")))
        .put("dueAt", instant(row.getOffsetDateTime("due_at")))
        .put("lastActivityAt", instant(row.getOffsetDateTime("last_activity_at")))
        .put("version", row.getLong("version"))
        .put("administrativeUnit", row.getInteger("administrative_unit"));
    Optional.ofNullable(Location.json(row)).ifPresent(location -> view.put("location", location));
    if (row.getString("assignee_id") != null) {
      view.put("assignee", new JsonObject()
          .put("type", row.getString("assignee_type"))
          .put("id", row.getString("assignee_id"))
          .put("name", row.getString("assignee_name")));
    }
    return view;
  }

  private static void addPrivateFields(JsonObject view, Optional<PersonalData> personal) {
    JsonArray responses = new JsonArray();
    view.getJsonArray("timeline").forEach(item -> {
      JsonObject entry = (JsonObject) item;
      if ("RequestResponded".equals(entry.getString("type")) && entry.getJsonObject("detail") != null) {
        responses.add(new JsonObject().put("at", entry.getString("at"))
            .put("message", entry.getJsonObject("detail").getString("message")));
      }
    });
    view.put("responses", responses);
    if (personal.isEmpty()) {
      view.put("subject", ERASED).put("body", ERASED).put("citizen", new JsonObject()
          .put("firstName", ERASED).put("lastName", ERASED));
      return;
    }
    PersonalData data = personal.get();
    JsonObject citizen = new JsonObject().put("firstName", data.firstName()).put("lastName", data.lastName());
    Optional.ofNullable(data.organization()).ifPresent(v -> citizen.put("organization", v));
    Optional.ofNullable(data.email()).ifPresent(v -> citizen.put("email", v));
    Optional.ofNullable(data.phone()).ifPresent(v -> citizen.put("phone", v));
    view.put("subject", data.subject()).put("body", data.body()).put("citizen", citizen);
  }

  private static String instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant().toString();
  }
}
