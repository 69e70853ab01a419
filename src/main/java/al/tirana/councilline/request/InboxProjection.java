package al.tirana.councilline.request;

import al.tirana.councilline.platform.sql.Sql;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;

/**
 * Counselor and commission inboxes: one row per request with what a counselor needs to prioritise, and a change
 * log that live inbox streams resume from; each change row carries the parties as the event leaves them. Internal
 * notes count as activity: colleagues should notice them. Each batch is applied in memory ({@link InboxBatch}).
 */
@ProcessingGroup(InboxProjection.NAME)
public final class InboxProjection {

  public static final String NAME = "inbox";

  private final Sql sql;

  public InboxProjection(Sql sql) {
    this.sql = sql;
  }

  @EventHandler
  void on(RequestEvent event) {
    sql.gathered(NAME, () -> InboxBatch.read(sql), batch -> batch.write(sql, NAME)).apply(event);
  }

  @ResetHandler
  void reset() {
    sql.update("TRUNCATE inbox_item, inbox_change RESTART IDENTITY");
  }
}
