package al.tirana.councilline.feed;

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

/** The public activity feed and the accountability timelines, paged by position. */
record FeedRoutes(Pool pool) implements Routes {

  private static final int DEFAULT_LIMIT = 100;

  /** The item's facts as fields (absent on items written before the feed kept them, until a rebuild). */
  static final String DETAIL = "(data -> 'detail')::text AS detail";

  @Operation("getFeed")
  private void feed(RoutingContext ctx) {
    if (ctx.queryParams().get("latest") != null) {
      // the newest items, still oldest first, so a page can show them and then follow from "last"
      Http.reply(ctx, 200, page(pool, "SELECT * FROM (SELECT position, at, type, number, text, " + DETAIL
          + " FROM feed_item WHERE position > $1 ORDER BY position DESC LIMIT $2) newest ORDER BY position",
          Tuple.of(0L, Http.intQuery(ctx, "latest", DEFAULT_LIMIT))));
      return;
    }
    Http.reply(ctx, 200, page(pool, "SELECT position, at, type, number, text, " + DETAIL
        + " FROM feed_item WHERE position > $1 ORDER BY position LIMIT $2", Tuple.of(after(ctx), limit(ctx))));
  }

  @Operation("counselorTimeline")
  private void counselorTimeline(RoutingContext ctx) {
    timeline(ctx, "COUNSELOR");
  }

  @Operation("commissionTimeline")
  private void commissionTimeline(RoutingContext ctx) {
    timeline(ctx, "COMMISSION");
  }

  private void timeline(RoutingContext ctx, String ownerType) {
    Http.reply(ctx, 200, page(pool, "SELECT position, at, type, number, text FROM accountability_entry "
            + "WHERE owner_type = $3 AND owner_id = $4 AND position > $1 ORDER BY position LIMIT $2",
        Tuple.of(after(ctx), limit(ctx), ownerType, ctx.pathParam("id"))));
  }

  static Future<JsonObject> page(Pool pool, String sql, Tuple params) {
    return pool.preparedQuery(sql).execute(params).map(rows -> {
      JsonArray items = new JsonArray();
      long last = params.getLong(0);
      for (Row row : rows) {
        items.add(item(row));
        last = row.getLong("position");
      }
      return new JsonObject().put("items", items).put("last", last);
    });
  }

  static JsonObject item(Row row) {
    JsonObject item = new JsonObject()
        .put("position", row.getLong("position"))
        .put("at", row.getOffsetDateTime("at").toInstant().toString())
        .put("type", row.getString("type"))
        .put("number", row.getString("number"))
        .put("text", row.getString("text"));
    if (row.getColumnIndex("detail") >= 0 && row.getString("detail") != null) {
      item.put("detail", new JsonObject(row.getString("detail")));
    }
    return item;
  }

  private static long after(RoutingContext ctx) {
    return Http.longQuery(ctx, "after", 0L);
  }

  private static int limit(RoutingContext ctx) {
    return Http.intQuery(ctx, "limit", DEFAULT_LIMIT);
  }
}
