package al.tirana.councilline.stats;

import al.tirana.councilline.platform.http.Http;
import al.tirana.councilline.platform.http.Operation;
import al.tirana.councilline.platform.http.Routes;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Public accountability: statistics, open data under an open licence, and the published success stories (staff
 * publish them through the request feature, {@code request/SuccessStoryRoutes}).
 */
record StatsRoutes(Pool pool, String license) implements Routes {

  /** Below this many cases a rate says more about chance than about the council. */
  static final int TOO_FEW = 10;
  private static final String OPEN = al.tirana.councilline.shared.Status.OPEN_SQL;
  private static final String FILTER = "WHERE NOT spam AND ($1::timestamptz IS NULL OR submitted_at >= $1) "
      + "AND ($2::timestamptz IS NULL OR submitted_at < $2) AND ($3::text IS NULL OR counselor_id = $3) "
      + "AND ($4::text IS NULL OR commission_id = $4 OR (addressee_type = 'COMMISSION' AND addressee_id = $4)) "
      + "AND ($5::text IS NULL OR category = $5) AND ($6::int IS NULL OR administrative_unit = $6) "
      + "AND ($7::text IS NULL OR channel = $7)";
  private static final List<String> OPEN_DATA_FIELDS = List.of("number", "kind", "category", "addressee",
      "administrative_unit", "channel", "submitted", "first_response", "resolved", "on_time", "satisfaction",
      "latitude", "longitude", "address");

  @Operation("stats")
  private void statsJson(RoutingContext ctx) {
    Http.reply(ctx, 200, stats(ctx));
  }

  private Future<JsonObject> stats(RoutingContext ctx) {
    return pool.preparedQuery("SELECT count(*) AS received, count(first_response_at) AS answered, "
            + "count(*) FILTER (WHERE on_time) AS on_time, count(*) FILTER (WHERE status IN " + OPEN + ") AS open, "
            + "count(*) FILTER (WHERE status IN " + OPEN + " AND first_response_at IS NULL AND due_at < now()) "
            + "AS overdue_now, percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_response_at "
            + "- submitted_at)) AS median_s, percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM "
            + "first_response_at - submitted_at)) AS p90_s, avg(satisfaction)::float8 AS satisfaction, "
            + "count(satisfaction) AS rated FROM stats_request " + FILTER)
        .execute(filters(ctx)).map(rows -> summary(rows.iterator().next()));
  }

  /**
   * One row per group. A request counts for the counselor or commission it was assigned to, else the one it was
   * addressed to; names come from the directory so a renamed counselor shows under the current name.
   */
  @Operation("statsBreakdown")
  private void breakdownJson(RoutingContext ctx) {
    Http.reply(ctx, 200, breakdown(ctx));
  }

  private Future<JsonObject> breakdown(RoutingContext ctx) {
    String by = ctx.queryParams().get("by");
    String key = switch (by) {
      case "counselor" -> "COALESCE(s.counselor_id, CASE WHEN s.addressee_type = 'COUNSELOR' THEN s.addressee_id END)";
      case "commission" ->
          "COALESCE(s.commission_id, CASE WHEN s.addressee_type = 'COMMISSION' THEN s.addressee_id END)";
      case "category" -> "s.category";
      default -> "s.administrative_unit::text";
    };
    String name = switch (by) {
      case "counselor" -> "(SELECT full_name FROM directory_counselor d WHERE d.id = g.key)";
      case "commission" -> "(SELECT name FROM directory_commission d WHERE d.id = g.key)";
      default -> "NULL";
    };
    Tuple filters = Tuple.tuple().addValue(time(ctx, "from")).addValue(time(ctx, "to"))
        .addValue(ctx.queryParams().get("channel"));
    return pool.preparedQuery("SELECT g.*, " + name + " AS name FROM (SELECT " + key + " AS key, count(*) AS received, "
            + "count(s.first_response_at) AS answered, count(*) FILTER (WHERE s.on_time) AS on_time, "
            + "count(*) FILTER (WHERE s.status IN " + OPEN + ") AS open, percentile_cont(0.5) WITHIN GROUP "
            + "(ORDER BY extract(epoch FROM s.first_response_at - s.submitted_at)) AS median_s FROM stats_request s "
            + "WHERE NOT s.spam AND ($1::timestamptz IS NULL OR s.submitted_at >= $1) AND ($2::timestamptz IS NULL "
            + "OR s.submitted_at < $2) AND ($3::text IS NULL OR s.channel = $3) GROUP BY 1) g WHERE g.key IS NOT NULL "
            + "ORDER BY g.received DESC, g.key")
        .execute(filters).map(rows -> {
          JsonArray out = new JsonArray();
          rows.forEach(r -> out.add(new JsonObject().put("key", r.getString("key")).put("name", r.getString("name"))
              .put("received", r.getLong("received")).put("answered", r.getLong("answered"))
              .put("answeredOnTime", r.getLong("on_time")).put("open", r.getLong("open"))
              .put("medianFirstResponseHours", hours(r.getDouble("median_s")))));
          return new JsonObject().put("by", by).put("rows", out);
        });
  }

  private static JsonObject summary(Row row) {
    long answered = row.getLong("answered");
    long onTime = row.getLong("on_time");
    JsonObject onTimeJson = new JsonObject().put("count", onTime);
    if (answered < TOO_FEW) {
      onTimeJson.put("rate", "too few");
    } else {
      double[] ci = Wilson.interval95(onTime, answered);
      onTimeJson.put("rate", round((double) onTime / answered)).put("ci95", new JsonArray().add(round(ci[0]))
          .add(round(ci[1])));
    }
    long rated = row.getLong("rated");
    return new JsonObject()
        .put("received", row.getLong("received"))
        .put("answered", answered)
        .put("answeredOnTime", onTimeJson)
        .put("open", row.getLong("open"))
        .put("overdueNow", row.getLong("overdue_now"))
        .put("firstResponseHours", new JsonObject()
            .put("median", hours(row.getDouble("median_s")))
            .put("p90", hours(row.getDouble("p90_s"))))
        .put("satisfaction", new JsonObject().put("count", rated)
            .put("average", rated < TOO_FEW ? "too few" : round(row.getDouble("satisfaction"))));
  }

  @Operation("statsCsv")
  private void statsCsv(RoutingContext ctx) {
    stats(ctx).onSuccess(s -> {
      StringBuilder csv = new StringBuilder("metric,value\r\n");
      row(csv, "received", s.getValue("received"));
      row(csv, "answered", s.getValue("answered"));
      row(csv, "answered_on_time", s.getJsonObject("answeredOnTime").getValue("count"));
      row(csv, "on_time_rate", s.getJsonObject("answeredOnTime").getValue("rate"));
      JsonArray ci = s.getJsonObject("answeredOnTime").getJsonArray("ci95");
      row(csv, "on_time_rate_ci95_low", ci == null ? "" : ci.getValue(0));
      row(csv, "on_time_rate_ci95_high", ci == null ? "" : ci.getValue(1));
      row(csv, "open", s.getValue("open"));
      row(csv, "overdue_now", s.getValue("overdueNow"));
      row(csv, "median_first_response_hours", s.getJsonObject("firstResponseHours").getValue("median"));
      row(csv, "p90_first_response_hours", s.getJsonObject("firstResponseHours").getValue("p90"));
      row(csv, "satisfaction_average", s.getJsonObject("satisfaction").getValue("average"));
      row(csv, "satisfaction_count", s.getJsonObject("satisfaction").getValue("count"));
      csvResponse(ctx, "councilline-stats.csv", csv.toString());
    }).onFailure(ctx::fail);
  }

  @Operation("openDataCsv")
  private void openDataCsv(RoutingContext ctx) {
    openData(ctx, true);
  }

  @Operation("openDataJson")
  private void openDataJson(RoutingContext ctx) {
    openData(ctx, false);
  }

  private void openData(RoutingContext ctx, boolean csv) {
    // where each request is about is public; the request view keeps it (RequestSubmitted revision 2)
    pool.preparedQuery("SELECT s.*, v.latitude, v.longitude, v.address FROM (SELECT * FROM stats_request " + FILTER
            + ") s LEFT JOIN request_view v ON v.number = s.number ORDER BY s.submitted_at, s.number")
        .execute(filters(ctx)).onSuccess(rows -> {
          if (csv) {
            StringBuilder out = new StringBuilder(String.join(",", OPEN_DATA_FIELDS)).append("\r\n");
            for (Row r : rows) {
              List<Object> values = openDataRow(r);
              for (int i = 0; i < values.size(); i++) {
                out.append(i == 0 ? "" : ",").append(Csv.field(values.get(i)));
              }
              out.append("\r\n");
            }
            csvResponse(ctx, "councilline-requests.csv", out.toString());
          } else {
            JsonArray items = new JsonArray();
            for (Row r : rows) {
              JsonObject item = new JsonObject();
              List<Object> values = openDataRow(r);
              for (int i = 0; i < OPEN_DATA_FIELDS.size(); i++) {
                item.put(OPEN_DATA_FIELDS.get(i), values.get(i));
              }
              items.add(item);
            }
            licensed(ctx);
            Http.send(ctx, 200, new JsonObject().put("license", license).put("requests", items));
          }
        }).onFailure(ctx::fail);
  }

  private static List<Object> openDataRow(Row r) {
    return java.util.Arrays.asList(r.getString("number"), r.getString("kind"), r.getString("category"),
        r.getString("addressee_name"), r.getInteger("administrative_unit"), r.getString("channel"),
        time(r.getOffsetDateTime("submitted_at")), time(r.getOffsetDateTime("first_response_at")),
        time(r.getOffsetDateTime("resolved_at")), r.getBoolean("on_time"), r.getInteger("satisfaction"),
        r.getDouble("latitude"), r.getDouble("longitude"), r.getString("address"));
  }

  @Operation("openDataDictionary")
  private void dictionary(RoutingContext ctx) {
    JsonObject fields = new JsonObject()
        .put("number", "Tracking number, {prefix}-{year}-{sequence}")
        .put("kind", "MESSAGE, REQUEST, OFFICIAL_REQUIREMENT or PROPOSAL")
        .put("category", "Policy area")
        .put("addressee", "The counselor or commission the request was sent to")
        .put("administrative_unit", "Administrative unit (1-24) the request is about (a desk registration names "
            + "its own), empty if not given")
        .put("channel", "WEB, DESK, MOBILE or API")
        .put("submitted", "When it was submitted (UTC, ISO-8601)")
        .put("first_response", "When the council first responded (UTC), empty if not yet")
        .put("resolved", "When it was resolved (UTC), empty if not")
        .put("on_time", "Whether the first response came before the due date in force (extensions included)")
        .put("satisfaction", "The citizen's rating of the latest response, 1 to 5, empty if not rated")
        .put("latitude", "Where the request is about (WGS84), empty if not given; never the citizen's home")
        .put("longitude", "Where the request is about (WGS84), empty if not given")
        .put("address", "The address the request is about, empty if not given");
    licensed(ctx);
    Http.send(ctx, 200, new JsonObject().put("license", license).put("fields", fields)
        .put("note", "No personal data: citizens are never identified in open data."));
  }

  @Operation("successStories")
  private void successStories(RoutingContext ctx) {
    Http.reply(ctx, 200, pool.query("SELECT number, title, summary, category, published_at FROM success_story "
        + "ORDER BY published_at DESC").execute().map(rows -> {
          JsonArray stories = new JsonArray();
          rows.forEach(r -> stories.add(new JsonObject().put("number", r.getString("number"))
              .put("title", r.getString("title")).put("summary", r.getString("summary"))
              .put("category", r.getString("category"))
              .put("publishedAt", time(r.getOffsetDateTime("published_at")))));
          return stories;
        }));
  }

  private void csvResponse(RoutingContext ctx, String filename, String body) {
    licensed(ctx);
    ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8")
        .putHeader("Content-Disposition", "attachment; filename=\"" + filename + "\"").end(body);
  }

  private void licensed(RoutingContext ctx) {
    ctx.response().putHeader("X-License", license);
  }

  private static void row(StringBuilder csv, String metric, Object value) {
    csv.append(metric).append(',').append(Csv.field(value)).append("\r\n");
  }

  private static Tuple filters(RoutingContext ctx) {
    Integer unit = ctx.queryParams().get("unit") == null ? null : Http.intQuery(ctx, "unit", 0);
    return Tuple.tuple().addValue(time(ctx, "from")).addValue(time(ctx, "to"))
        .addValue(ctx.queryParams().get("counselor")).addValue(ctx.queryParams().get("commission"))
        .addValue(ctx.queryParams().get("category")).addValue(unit)
        .addValue(ctx.queryParams().get("channel"));
  }

  private static OffsetDateTime time(RoutingContext ctx, String name) {
    return Http.query(ctx, name, null, value -> value.length() == 10
        ? OffsetDateTime.parse(value + "T00:00:00+01:00") : OffsetDateTime.parse(value),
        "a date (2026-01-31) or a date-time", "not a date");
  }

  private static String time(OffsetDateTime time) {
    return time == null ? null : time.toInstant().toString();
  }

  private static Object hours(Double seconds) {
    return seconds == null ? null : round(seconds / 3600.0);
  }

  private static double round(double value) {
    return Math.round(value * 10_000) / 10_000.0;
  }
}
