package al.tirana.councilline.audit;

import al.tirana.councilline.platform.sql.Sql;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.annotation.MessageIdentifier;

/**
 * Seals every stored event into the hash chain, reading the row exactly as stored. It is never reset: the chain is
 * evidence, and rebuilding it from altered rows would launder the alteration. Each batch is sealed in memory
 * ({@link SealBatch}).
 */
@ProcessingGroup(SealingProjection.NAME)
public final class SealingProjection {

  public static final String NAME = "event-seal";

  private final Sql sql;

  public SealingProjection(ConnectionProvider connections) {
    this.sql = new Sql(connections);
  }

  @EventHandler
  void on(EventMessage<?> event, @MessageIdentifier String eventId) {
    // nothing left to write at the end: the seals are queued, in order, as they are made
    sql.gathered(NAME, () -> SealBatch.read(sql), batch -> { }).seal(eventId, sql);
  }
}
