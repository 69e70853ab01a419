package al.tirana.councilline.ops;

import al.tirana.councilline.platform.sql.Sql;
import al.tirana.councilline.request.RequestEvent;
import java.sql.Timestamp;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;

/**
 * The control room's counts per administrative unit and hour ({@code ops_hourly}) and what it needs of each request
 * to keep them ({@code ops_request}): received at submission, answered at the first response, both taken back when
 * a request is marked as spam, as the statistics do. Every statement touches one request's row first and counts
 * only what that row says changed, so a batch that is retried counts nothing twice.
 */
@ProcessingGroup(OpsProjection.NAME)
public final class OpsProjection {

  public static final String NAME = "ops";
  /** The tile of the central channels (web, API, mobile), beside the 24 units' desks. */
  public static final int CENTRAL = 0;

  private final Sql sql;

  public OpsProjection(Sql sql) {
    this.sql = sql;
  }

  @EventHandler
  void on(RequestEvent.RequestSubmitted e) {
    int unit = e.administrativeUnit() == null ? CENTRAL : e.administrativeUnit();
    sql.write(e.number(), "WITH added AS (INSERT INTO ops_request (number, unit, submitted_at) VALUES (?, ?, ?) "
        + "ON CONFLICT (number) DO NOTHING RETURNING unit, submitted_at) "
        + "INSERT INTO ops_hourly (unit, hour, received) SELECT unit, date_trunc('hour', submitted_at), 1 FROM added "
        + "ON CONFLICT (unit, hour) DO UPDATE SET received = ops_hourly.received + 1",
        e.number(), unit, Timestamp.from(e.at()));
  }

  @EventHandler
  void on(RequestEvent.RequestResponded e) {
    sql.write(e.number(), "WITH first AS (UPDATE ops_request SET first_response_at = ? WHERE number = ? "
        + "AND first_response_at IS NULL AND NOT spam RETURNING unit, first_response_at) "
        + "INSERT INTO ops_hourly (unit, hour, answered) SELECT unit, date_trunc('hour', first_response_at), 1 "
        + "FROM first ON CONFLICT (unit, hour) DO UPDATE SET answered = ops_hourly.answered + 1",
        Timestamp.from(e.at()), e.number());
  }

  @EventHandler
  void on(RequestEvent.RequestMarkedAsSpam e) {
    sql.write(e.number(), "UPDATE ops_hourly h SET answered = h.answered - 1 FROM ops_request r WHERE r.number = ? "
        + "AND NOT r.spam AND r.first_response_at IS NOT NULL AND h.unit = r.unit "
        + "AND h.hour = date_trunc('hour', r.first_response_at)", e.number());
    sql.write(e.number(), "WITH marked AS (UPDATE ops_request SET spam = true WHERE number = ? AND NOT spam "
        + "RETURNING unit, submitted_at) UPDATE ops_hourly h SET received = h.received - 1 FROM marked m "
        + "WHERE h.unit = m.unit AND h.hour = date_trunc('hour', m.submitted_at)", e.number());
  }

  @ResetHandler
  void reset() {
    sql.update("TRUNCATE ops_request, ops_hourly");
  }
}
