package al.tirana.councilline.sla;

import al.tirana.councilline.platform.http.Http;
import al.tirana.councilline.platform.http.Operation;
import al.tirana.councilline.platform.http.Routes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;

/**
 * How the council keeps its deadlines right now, per counselor, commission or administrative unit, from the inbox
 * read model's event-driven SLA states. Public: it holds counts and public bodies' names only.
 */
record SlaSummaryRoutes(Pool pool) implements Routes {

  private static final String OPEN = "i.status IN " + al.tirana.councilline.shared.Status.OPEN_SQL;
  private static final String COUNTS = "count(*) FILTER (WHERE i.sla_state = 'ON_TRACK') AS on_track, "
      + "count(*) FILTER (WHERE i.sla_state = 'AT_RISK') AS at_risk, "
      + "count(*) FILTER (WHERE i.sla_state = 'OVERDUE') AS overdue, "
      + "count(*) FILTER (WHERE i.sla_state = 'PAUSED') AS paused";

  @Operation("slaSummary")
  private void summary(RoutingContext ctx) {
    String by = ctx.queryParams().get("by");
    String sql = switch (by) {
      case "unit" -> "SELECT i.administrative_unit::text AS id, 'Njësia ' || i.administrative_unit AS name, "
          + COUNTS + " FROM inbox_item i WHERE " + OPEN + " AND i.administrative_unit IS NOT NULL "
          + "GROUP BY i.administrative_unit ORDER BY i.administrative_unit";
      case "commission" -> owner("COMMISSION", "directory_commission", "name");
      default -> owner("COUNSELOR", "directory_counselor", "full_name");
    };
    Http.reply(ctx, 200, pool.query(sql).execute().map(rows -> {
      JsonArray result = new JsonArray();
      rows.forEach(r -> result.add(new JsonObject()
          .put("id", r.getString("id"))
          .put("name", r.getString("name"))
          .put("onTrack", r.getLong("on_track"))
          .put("atRisk", r.getLong("at_risk"))
          .put("overdue", r.getLong("overdue"))
          .put("paused", r.getLong("paused"))));
      return new JsonObject().put("by", by).put("rows", result);
    }));
  }

  /** The responsible party is the assignee once there is one, the addressee before. */
  private static String owner(String type, String table, String nameColumn) {
    return "SELECT o.id, o." + nameColumn + " AS name, " + COUNTS + " FROM inbox_item i JOIN " + table + " o ON o.id = "
        + "CASE WHEN i.assignee_id IS NOT NULL THEN (CASE WHEN i.assignee_type = '" + type + "' THEN i.assignee_id END) "
        + "ELSE (CASE WHEN i.addressee_type = '" + type + "' THEN i.addressee_id END) END "
        + "WHERE " + OPEN + " GROUP BY o.id, o." + nameColumn + " ORDER BY o." + nameColumn;
  }
}
