package al.tirana.councilline.directory;

import al.tirana.councilline.platform.http.ApiException;
import al.tirana.councilline.platform.axon.Commands;
import al.tirana.councilline.platform.http.Http;
import al.tirana.councilline.platform.http.Operation;
import al.tirana.councilline.platform.http.Routes;
import al.tirana.councilline.directory.DirectoryCommand.CreateCommission;
import al.tirana.councilline.directory.DirectoryCommand.RegisterCounselor;
import al.tirana.councilline.directory.DirectoryCommand.UpdateCommission;
import al.tirana.councilline.directory.DirectoryCommand.UpdateCounselor;
import al.tirana.councilline.identity.Caller;
import al.tirana.councilline.shared.Category;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/** The public directory and its administration. */
record DirectoryRoutes(Commands commands, Pool pool) implements Routes {

  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

  @Operation("listCommissions")
  private void listCommissions(RoutingContext ctx) {
    Http.reply(ctx, 200, pool.query("SELECT * FROM directory_commission ORDER BY name").execute()
        .map(rows -> {
          JsonArray list = new JsonArray();
          rows.forEach(row -> list.add(commission(row)));
          return list;
        }));
  }

  @Operation("listCounselors")
  private void listCounselors(RoutingContext ctx) {
    Http.reply(ctx, 200, pool.query("SELECT * FROM directory_counselor ORDER BY full_name").execute()
        .map(rows -> {
          JsonArray list = new JsonArray();
          rows.forEach(row -> list.add(counselor(row)));
          return list;
        }));
  }

  @Operation("createCommission")
  private void createCommission(RoutingContext ctx) {
    Caller admin = Caller.current(ctx);
    JsonObject body = Http.body(ctx);
    String id = UUID.randomUUID().toString();
    Http.reply(ctx, 201, commands.send(new CreateCommission(id, body.getString("name"),
        body.getString("description"), areas(body.getJsonArray("policyAreas")), body.getBoolean("active", true),
        admin.actor()))
        .compose(done -> findCommission(id)));
  }

  @Operation("updateCommission")
  private void updateCommission(RoutingContext ctx) {
    Caller admin = Caller.current(ctx);
    JsonObject body = Http.body(ctx);
    String id = ctx.pathParam("id");
    Http.reply(ctx, 200, findCommission(id)
        .compose(existing -> commands.send(new UpdateCommission(id, body.getString("name"),
            body.getString("description"), areas(body.getJsonArray("policyAreas")), body.getBoolean("active", true),
            admin.actor())))
        .compose(done -> findCommission(id)));
  }

  @Operation("createCounselor")
  private void createCounselor(RoutingContext ctx) {
    Caller admin = Caller.current(ctx);
    JsonObject body = Http.body(ctx);
    requireEmail(body.getString("officialEmail"));
    String id = UUID.randomUUID().toString();
    Http.reply(ctx, 201, commands.send(new RegisterCounselor(id, body.getString("fullName"),
        body.getString("officialEmail"), body.getString("photoUrl"), strings(body.getJsonArray("commissions")),
        areas(body.getJsonArray("policyAreas")), body.getBoolean("active", true), admin.actor()))
        .compose(done -> findCounselor(id)));
  }

  @Operation("updateCounselor")
  private void updateCounselor(RoutingContext ctx) {
    Caller admin = Caller.current(ctx);
    JsonObject body = Http.body(ctx);
    requireEmail(body.getString("officialEmail"));
    String id = ctx.pathParam("id");
    Http.reply(ctx, 200, findCounselor(id)
        .compose(existing -> commands.send(new UpdateCounselor(id, body.getString("fullName"),
            body.getString("officialEmail"), body.getString("photoUrl"), strings(body.getJsonArray("commissions")),
            areas(body.getJsonArray("policyAreas")), body.getBoolean("active", true), admin.actor())))
        .compose(done -> findCounselor(id)));
  }

  private Future<JsonObject> findCommission(String id) {
    return pool.preparedQuery("SELECT * FROM directory_commission WHERE id = $1").execute(Tuple.of(id))
        .map(rows -> {
          if (rows.size() == 0) {
            throw ApiException.notFound("Commission " + id);
          }
          return commission(rows.iterator().next());
        });
  }

  private Future<JsonObject> findCounselor(String id) {
    return pool.preparedQuery("SELECT * FROM directory_counselor WHERE id = $1").execute(Tuple.of(id))
        .map(rows -> {
          if (rows.size() == 0) {
            throw ApiException.notFound("Counselor " + id);
          }
          return counselor(rows.iterator().next());
        });
  }

  private static JsonObject commission(Row row) {
    return new JsonObject()
        .put("id", row.getString("id"))
        .put("name", row.getString("name"))
        .put("description", row.getString("description"))
        .put("policyAreas", new JsonArray(Arrays.asList(row.getArrayOfStrings("policy_areas"))))
        .put("active", row.getBoolean("active"));
  }

  private static JsonObject counselor(Row row) {
    return new JsonObject()
        .put("id", row.getString("id"))
        .put("fullName", row.getString("full_name"))
        .put("officialEmail", row.getString("official_email"))
        .put("photoUrl", row.getString("photo_url"))
        .put("commissions", new JsonArray(Arrays.asList(row.getArrayOfStrings("commission_ids"))))
        .put("policyAreas", new JsonArray(Arrays.asList(row.getArrayOfStrings("policy_areas"))))
        .put("active", row.getBoolean("active"));
  }

  private static void requireEmail(String email) {
    if (email == null || !EMAIL.matcher(email).matches()) {
      throw ApiException.badRequest("VALIDATION_FAILED", "officialEmail is not an email address",
          new JsonArray().add(new JsonObject().put("field", "/officialEmail").put("problem", "not an email address")));
    }
  }

  private static List<String> strings(JsonArray array) {
    return array == null ? List.of() : array.stream().map(String::valueOf).distinct().toList();
  }

  private static List<Category> areas(JsonArray array) {
    return array == null ? List.of() : array.stream().map(String::valueOf).map(Category::valueOf).distinct().toList();
  }
}
