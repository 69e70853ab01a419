package al.tirana.councilline.webhook;

import al.tirana.councilline.support.ClaimPlan;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Claiming due webhook deliveries")
class WebhookClaimTest {

  @Test
  @DisplayName("reads only the deliveries it takes, however many were delivered before them")
  void claimDoesNotWalkTheHistory() throws Exception {
    // weeks of deliveries already made, then a backlog after the receiver was away
    String subscription = "'00000000-0000-0000-0000-000000000001'";
    ClaimPlan.assertReadsOnlyWhatItTakes(List.of(
            "INSERT INTO webhook_subscription (id, url, event_types, secret) VALUES (" + subscription
                + ", 'https://city.example/hook', '{RequestSubmitted}', 's')",
            "INSERT INTO webhook_outbox (delivery_id, subscription_id, event_type, number, payload, status) "
                + "SELECT 'd:' || i, " + subscription + ", 'RequestSubmitted', 'TR-' || i, '{}', CASE WHEN i > "
                + ClaimPlan.HANDLED + " THEN 'PENDING' ELSE 'SENT' END FROM generate_series(1, "
                + ClaimPlan.TOTAL + ") AS i"),
        WebhookSender.CLAIM, "int, int, bigint", "20, 20, 90000", 20,
        "UPDATE webhook_outbox SET status = 'SENT' WHERE status = 'SENDING'");
  }
}
