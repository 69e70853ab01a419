package al.tirana.councilline.notification;

import al.tirana.councilline.support.ClaimPlan;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Claiming due mails from the outbox")
class OutboxClaimTest {

  @Test
  @DisplayName("reads only the rows it takes, however many mails were sent before them")
  void claimDoesNotWalkTheHistory() throws Exception {
    // Spread over the table, the backlog would be met early on the primary key; at its end, a claim that walks the
    // key reads the whole history first
    ClaimPlan.assertReadsOnlyWhatItTakes(List.of("INSERT INTO mail_outbox (dedupe_key, template, number, "
            + "recipient, language, payload, status, channel) SELECT 'm:' || i, 'ACKNOWLEDGEMENT', 'TR-' || i, "
            + "'citizen:x', 'sq', '{}', CASE WHEN i > " + ClaimPlan.HANDLED + " THEN 'PENDING' "
            + "WHEN i % 2 = 0 THEN 'SENT' ELSE 'LOGGED' END, CASE WHEN i % 5 = 0 THEN 'WHATSAPP' ELSE 'EMAIL' END "
            + "FROM generate_series(1, " + ClaimPlan.TOTAL + ") AS i"),
        Outbox.CLAIM, "text, int", "'EMAIL', 20", 20,
        "UPDATE mail_outbox SET status = 'LOGGED' WHERE status = 'SENDING'");
  }
}
