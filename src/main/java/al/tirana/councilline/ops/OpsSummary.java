package al.tirana.councilline.ops;

import al.tirana.councilline.shared.Status;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the control room shows, read from projections only: the open requests and their SLA states from the inbox
 * (open requests only), what was received and answered from the hourly counts of {@link OpsProjection}, breaches and
 * escalations from the inbox's change log. Nothing here scans all requests ever made.
 */
final class OpsSummary {

  static final int UNITS = 24;
  private static final String OPEN = "status IN " + Status.OPEN_SQL;
  private static final String STATES = "count(*) AS open, "
      + "count(*) FILTER (WHERE sla_state = 'ON_TRACK') AS on_track, "
      + "count(*) FILTER (WHERE sla_state = 'AT_RISK') AS at_risk, "
      + "count(*) FILTER (WHERE sla_state = 'OVERDUE') AS overdue, "
      + "count(*) FILTER (WHERE sla_state = 'PAUSED') AS paused";
  /** Midnight in Tirana, where the council's days begin. */
  private static final String TODAY = "(date_trunc('day', now() AT TIME ZONE 'Europe/Tirane') AT TIME ZONE 'Europe/Tirane')";

  private final Pool pool;

  OpsSummary(Pool pool) {
    this.pool = pool;
  }

  Future<JsonObject> read() {
    Future<RowSet<Row>> units = pool.query("SELECT coalesce(administrative_unit, 0) AS unit, " + STATES
        + " FROM inbox_item WHERE " + OPEN + " GROUP BY 1").execute();
    Future<RowSet<Row>> today = pool.query("SELECT unit, sum(received) AS received, sum(answered) AS answered "
        + "FROM ops_hourly WHERE hour >= " + TODAY + " GROUP BY unit").execute();
    Future<RowSet<Row>> medians = pool.query("SELECT unit, percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch "
        + "FROM first_response_at - submitted_at)) AS median_s FROM ops_request WHERE NOT spam "
        + "AND first_response_at IS NOT NULL AND submitted_at >= now() - interval '30 days' GROUP BY unit").execute();
    Future<RowSet<Row>> owners = pool.query("SELECT o.owner_type, o.owner_id, coalesce(c.name, p.full_name, o.owner_id) "
        + "AS name, o.open, o.on_track, o.at_risk, o.overdue, o.paused FROM (SELECT "
        + "CASE WHEN assignee_id IS NOT NULL THEN assignee_type ELSE addressee_type END AS owner_type, "
        + "CASE WHEN assignee_id IS NOT NULL THEN assignee_id ELSE addressee_id END AS owner_id, " + STATES
        + " FROM inbox_item WHERE " + OPEN + " GROUP BY 1, 2) o "
        + "LEFT JOIN directory_commission c ON o.owner_type = 'COMMISSION' AND c.id = o.owner_id "
        + "LEFT JOIN directory_counselor p ON o.owner_type = 'COUNSELOR' AND p.id = o.owner_id "
        + "ORDER BY o.overdue DESC, o.at_risk DESC, name").execute();
    Future<RowSet<Row>> hours = pool.query("SELECT g.hour, coalesce(sum(h.received), 0) AS received, "
        + "coalesce(sum(h.answered), 0) AS answered FROM generate_series(date_trunc('hour', now()) - interval "
        + "'23 hours', date_trunc('hour', now()), interval '1 hour') AS g(hour) LEFT JOIN ops_hourly h "
        + "ON h.hour = g.hour GROUP BY g.hour ORDER BY g.hour").execute();
    Future<RowSet<Row>> ticker = pool.query("SELECT c.number, c.type, c.at, coalesce(i.administrative_unit, 0) AS unit "
        + "FROM inbox_change c LEFT JOIN inbox_item i ON i.number = c.number "
        + "WHERE c.type IN ('SlaBreached', 'BreachEscalated') ORDER BY c.position DESC LIMIT 20").execute();
    Future<RowSet<Row>> oldest = pool.query("SELECT number, coalesce(administrative_unit, 0) AS unit, priority, "
        + "submitted_at, due_at, sla_state FROM inbox_item WHERE status = 'SUBMITTED' ORDER BY submitted_at LIMIT 10")
        .execute();
    return Future.all(List.of(units, today, medians, owners, hours, ticker, oldest)).map(all -> new JsonObject()
        .put("generatedAt", Instant.now().toString())
        .put("units", units(units.result(), today.result(), medians.result()))
        .put("commissions", owners(owners.result(), "COMMISSION"))
        .put("counselors", owners(owners.result(), "COUNSELOR"))
        .put("throughput", throughput(hours.result()))
        .put("ticker", ticker(ticker.result()))
        .put("oldestUnacknowledged", oldest(oldest.result())));
  }

  private static JsonArray units(RowSet<Row> open, RowSet<Row> today, RowSet<Row> medians) {
    Map<Integer, JsonObject> tiles = new TreeMap<>();
    for (int unit = 0; unit <= UNITS; unit++) {
      tiles.put(unit, states(new JsonObject().put("unit", unit), null).put("receivedToday", 0L)
          .put("answeredToday", 0L).putNull("medianFirstResponseHours"));
    }
    open.forEach(row -> states(tiles.computeIfAbsent(row.getInteger("unit"), u -> new JsonObject().put("unit", u)),
        row));
    today.forEach(row -> tiles.computeIfAbsent(row.getInteger("unit"), u -> new JsonObject().put("unit", u))
        .put("receivedToday", row.getLong("received")).put("answeredToday", row.getLong("answered")));
    medians.forEach(row -> {
      JsonObject tile = tiles.get(row.getInteger("unit"));
      if (tile != null && row.getValue("median_s") != null) {
        tile.put("medianFirstResponseHours", Math.round(row.getDouble("median_s") / 36.0) / 100.0);
      }
    });
    JsonArray result = new JsonArray();
    tiles.values().forEach(result::add);
    return result;
  }

  /** The counts of a row of {@link #STATES} (zero without one), and the worst SLA state among them. */
  private static JsonObject states(JsonObject into, Row row) {
    long open = row == null ? 0 : row.getLong("open");
    long overdue = row == null ? 0 : row.getLong("overdue");
    long atRisk = row == null ? 0 : row.getLong("at_risk");
    long paused = row == null ? 0 : row.getLong("paused");
    into.put("open", open).put("onTrack", row == null ? 0L : row.getLong("on_track")).put("atRisk", atRisk)
        .put("overdue", overdue).put("paused", paused);
    return into.put("worst", overdue > 0 ? "OVERDUE" : atRisk > 0 ? "AT_RISK" : open > paused ? "ON_TRACK"
        : open > 0 ? "PAUSED" : "NONE");
  }

  private static JsonArray owners(RowSet<Row> rows, String type) {
    JsonArray result = new JsonArray();
    rows.forEach(row -> {
      if (type.equals(row.getString("owner_type"))) {
        result.add(states(new JsonObject().put("id", row.getString("owner_id")).put("name", row.getString("name")),
            row));
      }
    });
    return result;
  }

  private static JsonArray throughput(RowSet<Row> rows) {
    JsonArray result = new JsonArray();
    rows.forEach(row -> result.add(new JsonObject().put("hour", row.getOffsetDateTime("hour").toInstant().toString())
        .put("received", row.getLong("received")).put("answered", row.getLong("answered"))));
    return result;
  }

  private static JsonArray ticker(RowSet<Row> rows) {
    JsonArray result = new JsonArray();
    rows.forEach(row -> result.add(new JsonObject().put("number", row.getString("number"))
        .put("type", row.getString("type")).put("unit", row.getInteger("unit"))
        .put("at", row.getOffsetDateTime("at").toInstant().toString())));
    return result;
  }

  private static JsonArray oldest(RowSet<Row> rows) {
    JsonArray result = new JsonArray();
    rows.forEach(row -> result.add(new JsonObject().put("number", row.getString("number"))
        .put("unit", row.getInteger("unit")).put("priority", row.getString("priority"))
        .put("submittedAt", row.getOffsetDateTime("submitted_at").toInstant().toString())
        .put("dueAt", row.getOffsetDateTime("due_at").toInstant().toString())
        .put("sla", row.getString("sla_state"))));
    return result;
  }
}
