package al.tirana.councilline.notification;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.platform.db.SchemaMigrator;
import al.tirana.councilline.support.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

@DisplayName("Claiming due messages from the outbox")
class OutboxClaimTest {

  private static final int HANDLED = 100_000;
  private static final int DUE = 2_000;

  @Test
  @DisplayName("reads only the rows it takes, however many messages were sent before them")
  void claimDoesNotWalkTheHistory() throws Exception {
    PGSimpleDataSource dataSource = TestDatabase.freshDataSource();
    SchemaMigrator.migrate(dataSource);
    try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
      // a long-running node's outbox: the oldest rows handled long ago, a backlog due at the end (a burst of
      // submissions, a mail server that was away). Spread over the table, the backlog would be met early on the
      // primary key; at its end, a claim that walks the key reads the whole history first
      st.execute("INSERT INTO mail_outbox (dedupe_key, template, number, recipient, language, payload, status, "
          + "channel) SELECT 'm:' || i, 'ACKNOWLEDGEMENT', 'TR-' || i, 'citizen:x', 'sq', '{}', "
          + "CASE WHEN i > " + HANDLED + " THEN 'PENDING' WHEN i % 2 = 0 THEN 'SENT' ELSE 'LOGGED' END, "
          + "CASE WHEN i % 5 = 0 THEN 'WHATSAPP' ELSE 'EMAIL' END FROM generate_series(1, " + (HANDLED + DUE)
          + ") AS i");
      st.execute("ANALYZE mail_outbox");
      st.execute("PREPARE claim(text, int) AS " + Outbox.CLAIM);
      // the first executions get custom plans and the sixth on a generic one: both must stay cheap
      for (int run = 1; run <= 6; run++) {
        JsonObject plan;
        try (ResultSet rs = st.executeQuery("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE claim('EMAIL', 20)")) {
          rs.next();
          plan = new JsonArray(rs.getString(1)).getJsonObject(0).getJsonObject("Plan");
        }
        assertThat(plan.getInteger("Actual Rows")).as("run %d claims a full round", run).isEqualTo(20);
        st.execute("UPDATE mail_outbox SET status = 'LOGGED' WHERE status = 'SENDING'"); // as the sender does
        // the choice of rows, before any is updated (the update's own index entries are the same for any plan): the
        // rows handled since the last vacuum are still visited, a few hundred pages at most here, the history never
        JsonObject choice = find(plan, "LockRows");
        assertThat(choice.getLong("Shared Hit Blocks") + choice.getLong("Shared Read Blocks"))
            .as("pages read to choose claim %d's rows (the table has %d handled rows): %s", run, HANDLED,
                choice.encode())
            .isLessThan(500);
      }
    }
  }

  private static JsonObject find(JsonObject plan, String nodeType) {
    if (nodeType.equals(plan.getString("Node Type"))) {
      return plan;
    }
    for (Object child : plan.getJsonArray("Plans", new JsonArray())) {
      JsonObject found = find((JsonObject) child, nodeType);
      if (found != null) {
        return found;
      }
    }
    return null;
  }
}
