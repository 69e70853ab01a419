package al.tirana.councilline.request;

import al.tirana.councilline.shared.Status;
import al.tirana.councilline.platform.http.ApiException;
import al.tirana.councilline.platform.http.Http;
import al.tirana.councilline.platform.http.Operation;
import al.tirana.councilline.platform.http.Routes;
import al.tirana.councilline.identity.Caller;
import al.tirana.councilline.shared.Role;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Counselors' and staff's inboxes: open requests, most urgent first, with SLA state and unread markers. */
public record InboxRoutes(Pool pool, CitizenDataVault vault) implements Routes {

  /** Kept by the inbox projection from the SLA events: ON_TRACK, AT_RISK (warned), OVERDUE (breached), PAUSED. */
  static final String SLA_STATE = "i.sla_state";

  @Operation("getInbox")
  private void inbox(RoutingContext ctx) {
    Caller caller = Caller.current(ctx);
    Http.reply(ctx, 200, scope(caller).compose(scope -> query(ctx, caller, scope)));
  }

  /** The counselor and commission ids whose requests the caller sees; empty lists mean "everything". */
  public Future<Scope> scope(Caller caller) {
    if (caller.role() != Role.COUNSELOR) {
      return Future.succeededFuture(Scope.EVERYTHING);
    }
    return pool.preparedQuery("SELECT commission_ids FROM directory_counselor WHERE id = $1")
        .execute(Tuple.of(caller.counselorId()))
        .map(rows -> new Scope(caller.counselorId(), rows.size() == 0 ? List.of()
            : Arrays.asList(rows.iterator().next().getArrayOfStrings("commission_ids"))));
  }

  private Future<JsonObject> query(RoutingContext ctx, Caller caller, Scope scope) {
    List<Object> params = new ArrayList<>();
    params.add(caller.counselorId());
    StringBuilder where = new StringBuilder("i.status IN " + Status.OPEN_SQL);
    if (!scope.everything()) {
      params.add(scope.counselorId());
      params.add(scope.commissionIds().toArray(new String[0]));
      where.append(" AND ").append(scope.sqlCondition(params.size() - 1, params.size()));
    }
    filter(ctx, "counselorId", "((i.addressee_type = 'COUNSELOR' AND i.addressee_id = $) "
        + "OR (i.assignee_type = 'COUNSELOR' AND i.assignee_id = $))", where, params, String::valueOf);
    filter(ctx, "commissionId", "((i.addressee_type = 'COMMISSION' AND i.addressee_id = $) "
        + "OR (i.assignee_type = 'COMMISSION' AND i.assignee_id = $))", where, params, String::valueOf);
    filter(ctx, "priority", "i.priority = $", where, params, String::valueOf);
    filter(ctx, "category", "i.category = $", where, params, String::valueOf);
    filter(ctx, "administrativeUnit", "i.administrative_unit = $", where, params,
        unit -> Http.intQuery(ctx, "administrativeUnit", 0));
    filter(ctx, "sla", "(" + SLA_STATE + ") = $", where, params, String::valueOf);
    // the place is the inbox's own copy (from the submission): another projection's row may lag behind the inbox
    // change that made a page reload, or be blank during that projection's rebuild
    String sql = "SELECT i.*, " + SLA_STATE + " AS sla, "
        + "($1::text IS NOT NULL AND NOT EXISTS (SELECT 1 FROM inbox_read r WHERE r.number = i.number "
        + "AND r.counselor_id = $1 AND r.read_at >= i.last_activity_at)) AS unread "
        + "FROM inbox_item i WHERE " + where + " ORDER BY i.due_at, i.number LIMIT " + intParam(ctx, "limit", 100)
        + " OFFSET " + intParam(ctx, "offset", 0);
    return pool.preparedQuery(sql).execute(Tuple.from(params)).compose(rows -> {
      JsonArray items = new JsonArray();
      rows.forEach(row -> items.add(item(row)));
      return withSubjects(items).map(done -> new JsonObject().put("items", items));
    });
  }

  /**
   * Adds each request's subject, so a row can be triaged without opening it. Subjects are sealed with their
   * citizen's key: the keys of the whole list are read in one query and opened on a worker, not on the event loop.
   * A request whose citizen's data was erased has no subject.
   */
  private Future<Void> withSubjects(JsonArray items) {
    if (items.isEmpty()) {
      return Future.succeededFuture();
    }
    String[] numbers = items.stream().map(item -> ((JsonObject) item).getString("number")).toArray(String[]::new);
    return pool.preparedQuery("SELECT v.number, v.citizen_id::text AS citizen_id, v.sealed_personal_data, "
            + "k.wrapped_key FROM request_view v JOIN citizen_data_key k ON k.citizen_id = v.citizen_id "
            + "WHERE v.number = ANY($1)")
        .execute(Tuple.of(numbers))
        .compose(rows -> Vertx.currentContext().executeBlocking(() -> {
          Map<String, String> subjects = new HashMap<>();
          for (Row row : rows) {
            subjects.put(row.getString("number"), vault.open(row.getBuffer("wrapped_key").getBytes(),
                row.getString("citizen_id"), row.getString("sealed_personal_data")).subject());
          }
          return subjects;
        }, false))
        .map(subjects -> {
          items.forEach(item -> {
            JsonObject row = (JsonObject) item;
            String subject = subjects.get(row.getString("number"));
            if (subject != null) {
              row.put("subject", subject);
            }
          });
          return null;
        });
  }

  /** Already validated by the contract as a bounded non-negative integer. */
  private static int intParam(RoutingContext ctx, String name, int fallback) {
    return Http.intQuery(ctx, name, fallback);
  }

  private static void filter(RoutingContext ctx, String name, String condition, StringBuilder where,
                             List<Object> params, java.util.function.Function<String, Object> convert) {
    String value = ctx.queryParams().get(name);
    if (value != null) {
      params.add(convert.apply(value));
      where.append(" AND ").append(condition.replace("$", "$" + params.size()));
    }
  }

  static JsonObject item(Row row) {
    JsonObject item = new JsonObject()
        .put("number", row.getString("number"))
        .put("kind", row.getString("kind"))
        .put("category", row.getString("category"))
        .put("priority", row.getString("priority"))
        .put("status", row.getString("status"))
        .put("addressee", new JsonObject().put("type", row.getString("addressee_type"))
            .put("id", row.getString("addressee_id")))
        .put("submittedAt", row.getOffsetDateTime("submitted_at").toInstant().toString())
        .put("dueAt", row.getOffsetDateTime("due_at").toInstant().toString())
        .put("lastActivityAt", row.getOffsetDateTime("last_activity_at").toInstant().toString())
        .put("lastEvent", row.getString("last_event"))
        .put("sla", row.getString("sla"))
        .put("unread", row.getBoolean("unread"));
    if (row.getString("assignee_id") != null) {
      item.put("assignee", new JsonObject().put("type", row.getString("assignee_type"))
          .put("id", row.getString("assignee_id")));
    }
    if (row.getInteger("administrative_unit") != null) {
      item.put("administrativeUnit", row.getInteger("administrative_unit"));
    }
    JsonObject location = Location.json(row);
    if (location != null) {
      item.put("location", location);
    }
    return item;
  }

  @Operation("markInboxRead")
  private void markRead(RoutingContext ctx) {
    Caller caller = Caller.current(ctx);
    String number = ctx.pathParam("number");
    // only a request of the caller's own inbox: no marks on other counselors' requests or on numbers that do not
    // exist. Checked against the request's view, written with the command itself, not against the inbox, which
    // follows a moment later: a page opened on a request just submitted or just changed must find it
    Http.reply(ctx, 204, scope(caller).compose(scope -> pool.preparedQuery("INSERT INTO inbox_read "
            + "(number, counselor_id, read_at) SELECT number, $2, now() FROM request_view WHERE number = $1 AND "
            + scope.sqlCondition(2, 3) + " ON CONFLICT (number, counselor_id) DO UPDATE SET read_at = now() "
            + "RETURNING number")
        .execute(Tuple.of(number, caller.counselorId(), scope.commissionIds().toArray(new String[0]))))
        .map(rows -> {
          if (rows.size() == 0) {
            throw ApiException.notFound("Inbox item " + number);
          }
          return "";
        }));
  }

  /** Which requests a caller's inbox covers. */
  public record Scope(String counselorId, List<String> commissionIds) {

    static final Scope EVERYTHING = new Scope(null, null);

    /** SQL over addressee/assignee columns; $C is the counselor parameter and $M the commission-array one. */
    static final String CONDITION = "((addressee_type = 'COUNSELOR' AND addressee_id = $C) "
        + "OR (assignee_type = 'COUNSELOR' AND assignee_id = $C) "
        + "OR (addressee_type = 'COMMISSION' AND addressee_id = ANY($M)) "
        + "OR (assignee_type = 'COMMISSION' AND assignee_id = ANY($M)))";

    /** The SQL condition with the counselor as parameter ${counselor} and the commissions as ${commissions}. */
    public String sqlCondition(int counselor, int commissions) {
      return CONDITION.replace("$C", "$" + counselor).replace("$M", "$" + commissions);
    }

    public boolean everything() {
      return counselorId == null;
    }

    /** Whether a change to a request with these parties belongs in this inbox. */
    public boolean covers(String addresseeType, String addresseeId, String assigneeType, String assigneeId) {
      return everything() || concerns(addresseeType, addresseeId) || concerns(assigneeType, assigneeId);
    }

    private boolean concerns(String type, String id) {
      return ("COUNSELOR".equals(type) && counselorId.equals(id))
          || ("COMMISSION".equals(type) && commissionIds.contains(id));
    }
  }
}
