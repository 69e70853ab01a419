package al.tirana.councilline.webhook;

import al.tirana.councilline.platform.db.SchemaMigrator;
import al.tirana.councilline.support.ClaimPlan;
import al.tirana.councilline.support.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

@DisplayName("Claiming due webhook deliveries")
class WebhookClaimTest {

  private static final int HANDLED = 100_000;
  private static final int DUE = 2_000;

  @Test
  @DisplayName("reads only the deliveries it takes, however many were delivered before them")
  void claimDoesNotWalkTheHistory() throws Exception {
    PGSimpleDataSource dataSource = TestDatabase.freshDataSource();
    SchemaMigrator.migrate(dataSource);
    try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
      st.execute("INSERT INTO webhook_subscription (id, url, event_types, secret) VALUES "
          + "('00000000-0000-0000-0000-000000000001', 'https://city.example/hook', '{RequestSubmitted}', 's')");
      // weeks of deliveries already made, then a backlog after the receiver was away
      st.execute("INSERT INTO webhook_outbox (delivery_id, subscription_id, event_type, number, payload, status) "
          + "SELECT 'd:' || i, '00000000-0000-0000-0000-000000000001', 'RequestSubmitted', 'TR-' || i, '{}', "
          + "CASE WHEN i > " + HANDLED + " THEN 'PENDING' ELSE 'SENT' END FROM generate_series(1, "
          + (HANDLED + DUE) + ") AS i");
      st.execute("ANALYZE");
      ClaimPlan.assertReadsOnlyWhatItTakes(st, WebhookSender.CLAIM, "int", "20", 20,
          "UPDATE webhook_outbox SET status = 'SENT' WHERE status = 'SENDING'");
    }
  }
}
