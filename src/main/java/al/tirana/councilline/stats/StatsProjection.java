package al.tirana.councilline.stats;

import al.tirana.councilline.platform.sql.Sql;
import al.tirana.councilline.directory.NamingProjection;
import al.tirana.councilline.request.RequestEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;

/**
 * Per request: where it went, when it was first answered, whether on time, how the citizen rated it. A request is
 * answered on time when its first response came before the due date in force at that moment (extensions and
 * pauses included). Responsibility follows the assignee, else the addressee. Each batch is applied in memory
 * ({@link StatsBatch}).
 */
@ProcessingGroup(StatsProjection.NAME)
public final class StatsProjection extends NamingProjection {

  public static final String NAME = "stats";

  public StatsProjection(Sql sql) {
    super(sql, NAME);
  }

  @EventHandler
  void on(RequestEvent event) {
    sql.gathered(NAME, () -> StatsBatch.read(sql, names), batch -> batch.write(sql)).apply(event);
  }

  @ResetHandler
  void reset() {
    sql.update("TRUNCATE stats_request, success_story");
    names.reset();
  }
}
