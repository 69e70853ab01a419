package al.tirana.councilline.directory;

import al.tirana.councilline.platform.sql.Sql;
import org.axonframework.eventhandling.EventHandler;

/**
 * Base of streaming projections that write counselors' and commissions' names into their rows: it follows the
 * directory events itself, so names are those in force when each event happened, on the first run and on a rebuild.
 */
public abstract class NamingProjection {

  protected final Sql sql;
  protected final DirectoryNames names;

  protected NamingProjection(Sql sql, String projectionName) {
    this.sql = sql;
    this.names = new DirectoryNames(sql, projectionName);
  }

  @EventHandler
  void on(DirectoryEvent event) {
    names.record(event);
  }
}
