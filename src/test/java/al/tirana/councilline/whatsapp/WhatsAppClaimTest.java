package al.tirana.councilline.whatsapp;

import al.tirana.councilline.support.ClaimPlan;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Claiming received WhatsApp messages to handle")
class WhatsAppClaimTest {

  @Test
  @DisplayName("reads only the messages it takes, however many were handled before them")
  void claimDoesNotWalkTheHistory() throws Exception {
    // weeks of messages handled, then a burst received while the handlers were busy
    ClaimPlan.assertReadsOnlyWhatItTakes(List.of("INSERT INTO whatsapp_inbox (sealed_body, status) SELECT NULL, "
            + "CASE WHEN i > " + ClaimPlan.HANDLED + " THEN 'PENDING' ELSE 'DONE' END "
            + "FROM generate_series(1, " + ClaimPlan.TOTAL + ") AS i"),
        WhatsAppInbound.CLAIM, "int", "20", 20,
        "UPDATE whatsapp_inbox SET status = 'DONE' WHERE status = 'HANDLING'");
  }
}
