package al.tirana.councilline.whatsapp;

import al.tirana.councilline.platform.json.Json;
import al.tirana.councilline.platform.sql.Sql;
import al.tirana.councilline.request.PersonalDataVault;
import al.tirana.councilline.request.RequestCommand;
import al.tirana.councilline.request.SubmissionReceipts;
import al.tirana.councilline.request.SubmittedRequest;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.Map;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * What a command that came from a WhatsApp message writes in its own transaction: the message's id (so a second
 * delivery of it finds it handled), and for a new request the citizen's contact row and the receipt with the number
 * and the access code, in reply to that message. A crash before the commit leaves none of it, and the delivery is
 * handled again; after it, all of it.
 */
record WhatsAppReceipts(SubmissionReceipts mail, Sql sql, PersonalDataVault vault)
    implements SubmissionReceipts, MessageHandlerInterceptor<CommandMessage<?>> {

  /** The command's metadata that says it came from WhatsApp; it reaches no event. */
  static final String WAMID = "whatsappMessageId";
  static final String PHONE_HASH = "whatsappPhoneHash";

  static CommandMessage<?> tagged(RequestCommand command, String wamid, String phoneHash) {
    return GenericCommandMessage.asCommandMessage(command)
        .andMetaData(MetaData.with(WAMID, wamid).and(PHONE_HASH, phoneHash));
  }

  @Override
  public void acknowledge(String number, String citizenId, String accessCode, String language) {
    MetaData metaData = CurrentUnitOfWork.isStarted() ? CurrentUnitOfWork.get().getMessage().getMetaData()
        : MetaData.emptyInstance();
    if (!(metaData.get(WAMID) instanceof String wamid) || !(metaData.get(PHONE_HASH) instanceof String phoneHash)) {
      mail.acknowledge(number, citizenId, accessCode, language);
      return;
    }
    sql.write(number, "INSERT INTO whatsapp_contact (phone_hash, citizen_id, number, last_inbound_at) "
        + "VALUES (?, ?::uuid, ?, now()) ON CONFLICT (phone_hash) DO UPDATE SET citizen_id = excluded.citizen_id, "
        + "number = excluded.number, last_inbound_at = excluded.last_inbound_at", phoneHash, citizenId, number);
    // the access code travels sealed with the citizen's key, so erasing the citizen erases it here too
    enqueue(sql, "submitted:" + number + ":whatsapp:ACKNOWLEDGEMENT", WhatsAppText.ACKNOWLEDGEMENT, number,
        "whatsapp:citizen:" + citizenId, wamid,
        Map.of("accessCode", vault.sealFor(citizenId, accessCode).ciphertext()));
  }

  /** A WhatsApp message in the outbox, in the current transaction; a dedupe key already there queues nothing. */
  static void enqueue(Sql sql, String dedupeKey, WhatsAppText text, String number, String recipient, String replyTo,
                      Map<String, Object> payload) {
    sql.write(dedupeKey, "INSERT INTO mail_outbox (dedupe_key, template, number, recipient, language, payload, "
            + "channel, reply_to) VALUES (?, ?, ?, ?, 'sq', ?::jsonb, 'WHATSAPP', ?) ON CONFLICT (dedupe_key) DO NOTHING",
        dedupeKey, text.name(), number, recipient, json(payload), replyTo);
  }

  static String json(Map<String, Object> payload) {
    try {
      return Json.mapper().writeValueAsString(payload);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException(ex);
    }
  }

  /**
   * Records the message id with the command's effects. The id's primary key lets only one of two concurrent
   * handlings of one message commit (two deliveries of it taken up by two nodes at once).
   */
  @Override
  public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
    CommandMessage<?> command = unitOfWork.getMessage();
    if (!(command.getMetaData().get(WAMID) instanceof String wamid)) {
      return chain.proceed();
    }
    Object result = chain.proceed();
    String number = result instanceof SubmittedRequest submitted ? submitted.number()
        : command.getPayload() instanceof RequestCommand.AddCitizenMessage added ? added.number() : null;
    sql.write("whatsapp:" + wamid, "INSERT INTO whatsapp_inbound (wamid, number) VALUES (?, ?)", wamid, number);
    return result;
  }
}
