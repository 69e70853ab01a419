package al.tirana.councilline.sla;

import al.tirana.councilline.platform.http.ApiException;
import al.tirana.councilline.platform.http.CleanText;
import al.tirana.councilline.platform.http.Http;
import al.tirana.councilline.platform.http.Operation;
import al.tirana.councilline.platform.http.Routes;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Administrators keep the holiday calendar that working-day SLAs and due-date shifts use. */
record HolidayRoutes(Pool pool, CachedHolidays holidays) implements Routes {

  @Operation("listHolidays")
  private void list(RoutingContext ctx) {
    boolean byYear = ctx.queryParams().get("year") != null;
    String sql = "SELECT day, name FROM sla_holiday" + (byYear ? " WHERE extract(year FROM day) = $1" : "")
        + " ORDER BY day";
    Tuple params = byYear ? Tuple.of(Http.intQuery(ctx, "year", 0)) : Tuple.tuple();
    Http.reply(ctx, 200, pool.preparedQuery(sql).execute(params).map(rows -> {
      JsonArray days = new JsonArray();
      rows.forEach(r -> days.add(new JsonObject().put("day", r.getLocalDate("day").toString())
          .put("name", r.getString("name"))));
      return days;
    }));
  }

  @Operation("addHoliday")
  private void add(RoutingContext ctx) {
    JsonObject body = Http.body(ctx);
    LocalDate day = date(body.getString("day"));
    Http.reply(ctx, 201, upsert(List.of(Map.entry(day, body.getString("name"))))
        .map(n -> new JsonObject().put("day", day.toString()).put("name", body.getString("name"))));
  }

  @Operation("removeHoliday")
  private void remove(RoutingContext ctx) {
    LocalDate day = date(ctx.pathParam("day"));
    Http.reply(ctx, 204, pool.preparedQuery("DELETE FROM sla_holiday WHERE day = $1").execute(Tuple.of(day))
        .onSuccess(result -> holidays.forget())
        .map(result -> {
          if (result.rowCount() == 0) {
            throw ApiException.notFound("Holiday " + day);
          }
          return "";
        }));
  }

  /** An iCalendar body is not JSON: the contract leaves it to this parser (x-raw-body). */
  @Operation("importHolidays")
  private void importCalendar(RoutingContext ctx) {
    // no body reads as an empty file; bytes that are not UTF-8, a NUL or a lone surrogate are refused, not stored
    String text = ctx.body() == null || ctx.body().buffer() == null ? "" : CleanText.utf8("body", ctx.body().buffer());
    List<Map.Entry<LocalDate, String>> days = ICalendar.allDayEvents(text);
    Http.reply(ctx, 200, upsert(days).map(n -> new JsonObject().put("imported", n)));
  }

  private Future<Integer> upsert(List<Map.Entry<LocalDate, String>> days) {
    if (days.isEmpty()) {
      return Future.succeededFuture(0);
    }
    List<Tuple> batch = new ArrayList<>();
    days.forEach(d -> batch.add(Tuple.of(d.getKey(), d.getValue())));
    return pool.preparedQuery("INSERT INTO sla_holiday (day, name) VALUES ($1, $2) "
            + "ON CONFLICT (day) DO UPDATE SET name = EXCLUDED.name, updated_at = now()")
        .executeBatch(batch)
        // every node hears of the change from the table; this node forgets at once, so its next submission sees it
        .onSuccess(done -> holidays.forget())
        .map(done -> days.size());
  }

  private static LocalDate date(String text) {
    try {
      return LocalDate.parse(text);
    } catch (RuntimeException ex) {
      throw ApiException.badRequest("VALIDATION_FAILED", "day must be a date such as 2026-12-25",
          new JsonArray().add(new JsonObject().put("field", "day").put("problem", "not a date")));
    }
  }
}
