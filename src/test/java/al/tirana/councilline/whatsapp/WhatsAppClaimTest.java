package al.tirana.councilline.whatsapp;

import al.tirana.councilline.platform.db.SchemaMigrator;
import al.tirana.councilline.support.ClaimPlan;
import al.tirana.councilline.support.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

@DisplayName("Claiming received WhatsApp messages to handle")
class WhatsAppClaimTest {

  private static final int HANDLED = 100_000;
  private static final int DUE = 2_000;

  @Test
  @DisplayName("reads only the messages it takes, however many were handled before them")
  void claimDoesNotWalkTheHistory() throws Exception {
    PGSimpleDataSource dataSource = TestDatabase.freshDataSource();
    SchemaMigrator.migrate(dataSource);
    try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
      // weeks of messages handled, then a burst received while the handlers were busy
      st.execute("INSERT INTO whatsapp_inbox (sealed_body, status) SELECT NULL, "
          + "CASE WHEN i > " + HANDLED + " THEN 'PENDING' ELSE 'DONE' END FROM generate_series(1, "
          + (HANDLED + DUE) + ") AS i");
      st.execute("ANALYZE whatsapp_inbox");
      ClaimPlan.assertReadsOnlyWhatItTakes(st, WhatsAppInbound.CLAIM, "int", "20", 20,
          "UPDATE whatsapp_inbox SET status = 'DONE' WHERE status = 'HANDLING'");
    }
  }
}
