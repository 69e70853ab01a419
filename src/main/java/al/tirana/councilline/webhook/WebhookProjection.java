package al.tirana.councilline.webhook;

import al.tirana.councilline.platform.sql.Sql;
import al.tirana.councilline.request.RequestEvent;
import java.util.Map;
import java.util.Set;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.MessageIdentifier;

/**
 * Queues one delivery per public lifecycle change and subscriber, in the transaction that also moves this
 * processor's token: an event is either queued for every subscriber that wants it and marked handled, or neither.
 * The delivery id is derived from the event id and the subscriber, and unique, so an event handled twice queues
 * nothing new. A rebuild does not replay into subscribers: they would be told of old changes as if new. A subscriber
 * with WEBHOOK_MAX_PENDING_PER_SUBSCRIBER deliveries waiting is paused instead, so a receiver that is down or slow
 * does not grow the outbox without bound.
 *
 * <p>Which event types the live, unpaused subscribers want is read once a batch: a change nobody wants (with no
 * subscriber at all, every change) costs no statement, and the batch's held-back writes are not sent early for it.
 * A change of a spam request queues nothing and pauses nobody.
 */
@ProcessingGroup(WebhookProjection.NAME)
final class WebhookProjection {

  static final String NAME = "webhooks";

  private final Sql sql;
  private final Set<String> publicTypes;
  private final int maxPending;

  WebhookProjection(Sql sql, Set<String> publicTypes, int maxPending) {
    this.sql = sql;
    this.publicTypes = publicTypes;
    this.maxPending = maxPending;
  }

  @EventHandler
  @DisallowReplay
  void on(RequestEvent event, @MessageIdentifier String eventId) {
    String type = event.getClass().getSimpleName();
    if (!publicTypes.contains(type)) {
      return;
    }
    if (!wanted().contains(type)) {
      return;
    }
    // a subscriber whose backlog is full is paused before this change would be queued for it: run at once (after the
    // batch's earlier inserts), so the count sees every delivery queued before, and the backlog stops at the cap
    sql.update("UPDATE webhook_subscription s SET paused_at = now(), paused_reason = ?::text || "
            + "' deliveries were waiting "
            + "(WEBHOOK_MAX_PENDING_PER_SUBSCRIBER): the receiver is down or slower than the changes. Changes after "
            + "this moment are not queued for it; those already queued are still sent. Resume it when it is back.' "
            + "WHERE s.deleted_at IS NULL AND s.paused_at IS NULL AND ?::text = ANY(s.event_types) "
            + "AND (SELECT count(*) FROM (SELECT 1 FROM webhook_outbox o WHERE o.subscription_id = s.id "
            + "AND (o.status = 'PENDING' OR o.status = 'SENDING') LIMIT ?) waiting) >= ? "
            + "AND EXISTS (SELECT 1 FROM request_view r WHERE r.number = ?::text AND NOT r.spam)",
        Integer.toString(maxPending), type, maxPending, maxPending, event.number());
    // only what the public feed shows of a request: no citizen, no words of theirs or of the council's answer
    sql.write(event.number(), "INSERT INTO webhook_outbox (delivery_id, subscription_id, event_type, number, payload) "
            + "SELECT 'msg_' || md5(?::text || ':' || s.id::text), s.id, ?::text, r.number, jsonb_build_object('type', ?::text, "
            + "'timestamp', ?::text, 'data', jsonb_build_object('number', r.number, 'status', r.status, 'kind', r.kind, "
            + "'category', r.category, 'priority', r.priority, 'addresseeType', "
            + "COALESCE(r.assignee_type, r.addressee_type), 'addresseeId', COALESCE(r.assignee_id, r.addressee_id), "
            + "'administrativeUnit', r.administrative_unit, 'dueAt', r.due_at, 'at', ?::text))::text "
            + "FROM webhook_subscription s JOIN request_view r ON r.number = ?::text AND NOT r.spam "
            + "WHERE s.deleted_at IS NULL AND s.paused_at IS NULL AND ?::text = ANY(s.event_types) "
            + "ON CONFLICT (delivery_id) DO NOTHING",
        eventId, type, type, event.at().toString(), event.at().toString(), event.number(), type);
  }

  /**
   * The event types some live, unpaused subscriber wants, as the batch's first public change found them: read once a
   * batch. A subscriber registered or resumed meanwhile gets changes from the next batch on.
   */
  private Set<String> wanted() {
    Map<String, Set<String>> batch = Sql.batchLocal(NAME);
    return batch.computeIfAbsent("wanted", key -> Set.copyOf(sql.rowsOf("SELECT DISTINCT unnest(event_types) FROM "
        + "webhook_subscription WHERE deleted_at IS NULL AND paused_at IS NULL AND event_types && ?",
        publicTypes.toArray(new String[0]), rs -> rs.getString(1))));
  }
}
