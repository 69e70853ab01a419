package al.tirana.councilline.support;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.platform.db.SchemaMigrator;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * What a worker's claim of due rows (UPDATE ... WHERE id IN (SELECT ... ORDER BY id LIMIT n FOR UPDATE SKIP LOCKED))
 * reads, from PostgreSQL's own plan: a claim must read the few rows it takes, not every row handled before them.
 */
public final class ClaimPlan {

  /** Rows handled long ago: a node that ran for weeks. */
  public static final int HANDLED = 100_000;
  /** A backlog due after them (a burst of submissions, a receiver that was away). */
  public static final int DUE = 2_000;
  /** Every row: the history and the backlog. */
  public static final int TOTAL = HANDLED + DUE;

  /** Few hundred pages at most: the rows handled since the last vacuum are still visited, the history never. */
  private static final int MAX_PAGES = 500;

  private ClaimPlan() {
  }

  /**
   * On a fresh schema holding {@code history} (statements that fill the table), prepares {@code claim} (its
   * parameters typed by {@code parameterTypes}) and runs it six times with {@code arguments}, so that both the first custom plans and the generic plan are checked: each must take
   * {@code rows} rows, after which {@code handle} marks them handled as the worker does, and choose them (the plan's
   * LockRows node, before any row is updated) reading fewer than {@link #MAX_PAGES} pages.
   */
  public static void assertReadsOnlyWhatItTakes(List<String> history, String claim, String parameterTypes,
      String arguments, int rows, String handle) throws Exception {
    PGSimpleDataSource dataSource = TestDatabase.freshDataSource();
    SchemaMigrator.migrate(dataSource);
    try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
      for (String sql : history) {
        st.execute(sql);
      }
      st.execute("ANALYZE");
      assertPlans(st, claim, parameterTypes, arguments, rows, handle);
    }
  }

  private static void assertPlans(Statement st, String claim, String parameterTypes, String arguments, int rows,
      String handle) throws SQLException {
    st.execute("PREPARE claim(" + parameterTypes + ") AS " + claim);
    for (int run = 1; run <= 6; run++) {
      JsonObject plan;
      try (ResultSet rs = st.executeQuery("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE claim(" + arguments
          + ")")) {
        rs.next();
        plan = new JsonArray(rs.getString(1)).getJsonObject(0).getJsonObject("Plan");
      }
      assertThat(plan.getInteger("Actual Rows")).as("run %d claims a full round", run).isEqualTo(rows);
      st.execute(handle);
      JsonObject choice = find(plan, "LockRows");
      assertThat(choice).as("a plan that locks the rows it takes: %s", plan.encode()).isNotNull();
      assertThat(choice.getLong("Shared Hit Blocks") + choice.getLong("Shared Read Blocks"))
          .as("pages read to choose claim %d's rows: %s", run, choice.encode())
          .isLessThan(MAX_PAGES);
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
