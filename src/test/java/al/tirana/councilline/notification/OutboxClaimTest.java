package al.tirana.councilline.notification;

import al.tirana.councilline.platform.db.SchemaMigrator;
import al.tirana.councilline.support.ClaimPlan;
import al.tirana.councilline.support.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

@DisplayName("Claiming due mails from the outbox")
class OutboxClaimTest {

  /** Rows sent long ago: a node that ran for weeks. */
  static final int HANDLED = 100_000;
  /** A backlog due at the end (a burst of submissions, a receiver that was away). */
  static final int DUE = 2_000;

  @Test
  @DisplayName("reads only the rows it takes, however many mails were sent before them")
  void claimDoesNotWalkTheHistory() throws Exception {
    PGSimpleDataSource dataSource = TestDatabase.freshDataSource();
    SchemaMigrator.migrate(dataSource);
    try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
      // Spread over the table, the backlog would be met early on the primary key; at its end, a claim that walks the
      // key reads the whole history first
      st.execute("INSERT INTO mail_outbox (dedupe_key, template, number, recipient, language, payload, status, "
          + "channel) SELECT 'm:' || i, 'ACKNOWLEDGEMENT', 'TR-' || i, 'citizen:x', 'sq', '{}', "
          + "CASE WHEN i > " + HANDLED + " THEN 'PENDING' WHEN i % 2 = 0 THEN 'SENT' ELSE 'LOGGED' END, "
          + "CASE WHEN i % 5 = 0 THEN 'WHATSAPP' ELSE 'EMAIL' END FROM generate_series(1, " + (HANDLED + DUE)
          + ") AS i");
      st.execute("ANALYZE mail_outbox");
      ClaimPlan.assertReadsOnlyWhatItTakes(st, Outbox.CLAIM, "text, int", "'EMAIL', 20", 20,
          "UPDATE mail_outbox SET status = 'LOGGED' WHERE status = 'SENDING'");
    }
  }
}
