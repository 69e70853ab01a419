package al.tirana.councilline.notification;

import al.tirana.councilline.platform.json.Json;
import al.tirana.councilline.platform.sql.Sql;
import al.tirana.councilline.request.PersonalDataVault;
import al.tirana.councilline.request.RecoveryMail;
import al.tirana.councilline.request.SubmissionReceipts;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.Map;

/**
 * Puts mails in the outbox inside the current transaction, held back to its commit and sent with the batch's other
 * mails; a dedupe key already there means "already queued".
 */
public final class Outbox implements SubmissionReceipts, RecoveryMail {

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

  /**
   * Claims up to {@code round} due messages of one channel (EMAIL, WHATSAPP) for this node's sender: SKIP LOCKED, so
   * nodes share the work, and a two-minute lease, after which a row a crashed node held is due again.
   */
  public static Future<RowSet<Row>> claimDue(Pool pool, String channel, int round) {
    return pool.preparedQuery(CLAIM).execute(Tuple.of(channel, round));
  }

  /** The claim; its condition is the predicate of the partial index mail_outbox_claim_idx, word for word. */
  static final String CLAIM = "UPDATE mail_outbox SET status = 'SENDING', attempts = attempts + 1, "
      + "next_attempt_at = now() + interval '2 minutes' WHERE id IN (SELECT id FROM mail_outbox "
      + "WHERE (status = 'PENDING' OR status = 'SENDING') AND next_attempt_at <= now() AND channel = $1 "
      + "ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED) RETURNING *";

  @Override
  public void reissued(String recoveryId, String number, String citizenId, String accessCode, boolean last) {
    sql.write("recovery " + recoveryId, "INSERT INTO recovery_item (recovery_id, number, citizen_id, sealed_code) "
        + "VALUES (?::uuid, ?, ?::uuid, ?)", recoveryId, number, citizenId, vault.sealFor(citizenId, accessCode)
        .ciphertext());
    if (last) {
      enqueue("recovery:" + recoveryId, Template.RECOVERY, number, "citizen:" + citizenId, "sq",
          Map.of("recoveryId", recoveryId));
    }
  }

  private static String json(Map<String, Object> payload) {
    try {
      return Json.mapper().writeValueAsString(payload);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException(ex);
    }
  }
}
