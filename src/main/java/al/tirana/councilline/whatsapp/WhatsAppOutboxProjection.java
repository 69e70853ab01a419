package al.tirana.councilline.whatsapp;

import al.tirana.councilline.platform.sql.Sql;
import al.tirana.councilline.request.RequestEvent;
import al.tirana.councilline.request.RequestEvent.CitizenInformationRequested;
import al.tirana.councilline.request.RequestEvent.PersonalDataErased;
import al.tirana.councilline.request.RequestEvent.RequestResolved;
import al.tirana.councilline.request.RequestEvent.RequestResponded;
import java.util.Map;
import java.util.Optional;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.MessageIdentifier;

/**
 * What a WhatsApp citizen hears about their request, queued in the command's own transaction: the same messages as
 * by e-mail (a response, a request for information, the resolution with the rating link), each keyed by (event,
 * recipient, message) so it is queued exactly once. Erasing the citizen also forgets their contact row.
 */
@ProcessingGroup(WhatsAppOutboxProjection.NAME)
final class WhatsAppOutboxProjection {

  static final String NAME = "whatsapp-outbox";

  private final Sql sql;

  WhatsAppOutboxProjection(Sql sql) {
    this.sql = sql;
  }

  @EventHandler
  void on(RequestEvent event, @MessageIdentifier String eventId) {
    if (event instanceof RequestResponded e) {
      toCitizen(eventId, e.number(), WhatsAppText.RESPONSE, Map.of("message", e.message()));
    } else if (event instanceof CitizenInformationRequested e) {
      toCitizen(eventId, e.number(), WhatsAppText.INFORMATION_REQUESTED, Map.of("message", e.message()));
    } else if (event instanceof RequestResolved e) {
      toCitizen(eventId, e.number(), WhatsAppText.RESOLVED, Map.of());
    } else if (event instanceof PersonalDataErased e) {
      sql.write(e.number(), "DELETE FROM whatsapp_contact WHERE citizen_id = ?::uuid", e.citizenId());
    }
  }

  private void toCitizen(String eventId, String number, WhatsAppText text, Map<String, Object> payload) {
    Optional<String> citizen = sql.single("SELECT citizen_id FROM request_view WHERE number = ? "
        + "AND channel = 'WHATSAPP'", number);
    citizen.ifPresent(id -> WhatsAppReceipts.enqueue(sql, eventId + ":whatsapp:citizen:" + id + ":" + text, text,
        number, "whatsapp:citizen:" + id, null, payload));
  }
}
