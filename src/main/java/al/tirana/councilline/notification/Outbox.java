package al.tirana.councilline.notification;

import al.tirana.councilline.platform.json.Json;
import al.tirana.councilline.platform.sql.Sql;
import al.tirana.councilline.request.PersonalDataVault;
import al.tirana.councilline.request.SubmissionReceipts;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.Map;

/**
 * Puts mails in the outbox inside the current transaction, held back to its commit and sent with the batch's other
 * mails; a dedupe key already there means "already queued".
 */
public final class Outbox implements SubmissionReceipts {

  private final Sql sql;
  private final PersonalDataVault vault;

  public Outbox(Sql sql, PersonalDataVault vault) {
    this.sql = sql;
    this.vault = vault;
  }

  public void enqueue(String dedupeKey, Template template, String number, String recipient, String language,
                      Map<String, Object> payload) {
    sql.write(dedupeKey, "INSERT INTO mail_outbox (dedupe_key, template, number, recipient, language, payload) "
            + "VALUES (?, ?, ?, ?, ?, ?::jsonb) ON CONFLICT (dedupe_key) DO NOTHING",
        dedupeKey, template, number, recipient, language, json(payload));
  }

  /** The access code travels sealed with the citizen's key, so erasing the citizen erases it here too. */
  @Override
  public void acknowledge(String number, String citizenId, String accessCode, String language) {
    enqueue("submitted:" + number + ":citizen:" + Template.ACKNOWLEDGEMENT, Template.ACKNOWLEDGEMENT, number,
        "citizen:" + citizenId, language, Map.of("accessCode", vault.sealFor(citizenId, accessCode).ciphertext()));
  }

  private static String json(Map<String, Object> payload) {
    try {
      return Json.mapper().writeValueAsString(payload);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException(ex);
    }
  }
}
