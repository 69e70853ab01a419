package al.tirana.councilline.platform.http;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Limits per key (a client address, a tracking number) and overall, per minute, shared by every node of the cluster:
 * the counters live in PostgreSQL ({@code rate_limit_window}), one row per key and minute of the database's clock.
 * A limit is judged over the last sixty seconds by weighting the previous minute's count by the part of it still
 * inside them (a sliding window estimated from two fixed ones), so a client cannot send twice the limit across a
 * minute boundary. Each check is one statement through the reactive pool; when the database does not answer the
 * returned future fails with the database's error, which the failure handler answers as unavailable, never as
 * "allowed".
 */
public final class RateLimiter {

  private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);

  /** The window number and the fraction of it already past, by the database's clock. */
  private static final String WINDOW = "w AS (SELECT floor(s / 60)::bigint AS win, "
      + "(s / 60 - floor(s / 60))::float8 AS f FROM (SELECT extract(epoch FROM now()) AS s) AS t)";

  /**
   * Counts one for the key when the key is within its limit, and then one overall when the overall limit allows it,
   * in one round trip. Attempts refused by the key's own limit are not counted (a client that is refused must not
   * use up everyone else's overall allowance, and its Retry-After stays true however often it retries). The
   * conditions are checked on the locked row, so concurrent attempts on every node are counted exactly. The counts
   * of this minute and the previous one, read as they were before the statement, tell a refused caller how long to
   * wait.
   */
  private static final String ACQUIRE = "WITH " + WINDOW + ", "
      + "c AS (SELECT w.win, w.f, "
      + "coalesce((SELECT n FROM rate_limit_window WHERE key = $1 AND win = w.win - 1), 0) AS mine_prev, "
      + "coalesce((SELECT n FROM rate_limit_window WHERE key = $1 AND win = w.win), 0) AS mine_cur, "
      + "coalesce((SELECT n FROM rate_limit_window WHERE key = $2 AND win = w.win - 1), 0) AS all_prev, "
      + "coalesce((SELECT n FROM rate_limit_window WHERE key = $2 AND win = w.win), 0) AS all_cur FROM w), "
      + "mine AS (INSERT INTO rate_limit_window AS r (key, win, n) SELECT $1, c.win, 1 FROM c "
      + "WHERE 1 + c.mine_prev * (1 - c.f) <= $3::int "
      + "ON CONFLICT (key, win) DO UPDATE SET n = r.n + 1 "
      + "WHERE r.n + 1 + (SELECT c.mine_prev * (1 - c.f) FROM c) <= $3::int RETURNING r.n), "
      + "overall AS (INSERT INTO rate_limit_window AS r (key, win, n) SELECT $2, c.win, 1 FROM c, mine "
      + "WHERE 1 + c.all_prev * (1 - c.f) <= $4::int "
      + "ON CONFLICT (key, win) DO UPDATE SET n = r.n + 1 "
      + "WHERE r.n + 1 + (SELECT c.all_prev * (1 - c.f) FROM c) <= $4::int RETURNING r.n) "
      + "SELECT c.f, c.mine_prev, c.mine_cur, c.all_prev, c.all_cur, (SELECT n FROM mine) AS mine_n, "
      + "(SELECT n FROM overall) AS all_n FROM c";

  /** The counts of several keys, without counting anything. */
  private static final String PEEK = "WITH " + WINDOW + " "
      + "SELECT w.f, coalesce(c.n, 0) AS n, coalesce(p.n, 0) AS prev FROM w CROSS JOIN unnest($1::text[]) AS k(key) "
      + "LEFT JOIN rate_limit_window c ON c.key = k.key AND c.win = w.win "
      + "LEFT JOIN rate_limit_window p ON p.key = k.key AND p.win = w.win - 1";

  /**
   * Counts one for each key and returns each key's count after it, with the previous minute's: the row lock orders
   * concurrent statements, so each attempt sees a count of its own and parallel attempts cannot all pass one check.
   * Keys come sorted, so two statements lock shared rows in the same order.
   */
  private static final String RESERVE = "WITH " + WINDOW + ", "
      + "r AS (INSERT INTO rate_limit_window AS x (key, win, n) SELECT k, w.win, 1 FROM w, unnest($1::text[]) AS k "
      + "ON CONFLICT (key, win) DO UPDATE SET n = x.n + 1 RETURNING x.key, x.n) "
      + "SELECT w.f, r.n, coalesce(p.n, 0) AS prev FROM w CROSS JOIN r "
      + "LEFT JOIN rate_limit_window p ON p.key = r.key AND p.win = w.win - 1";

  /** Gives back what {@link #RESERVE} counted, in the same minute (a count never goes below zero). */
  private static final String RELEASE = "WITH " + WINDOW + " "
      + "UPDATE rate_limit_window AS r SET n = r.n - 1 FROM w WHERE r.key = ANY($1::text[]) AND r.win = w.win "
      + "AND r.n > 0";

  private final Pool pool;
  private final String name;
  private final int perKeyPerMinute;
  private final int overallPerMinute;

  /**
   * @param name what is limited, the prefix of its keys ("submit", "login", ...)
   */
  public RateLimiter(Pool pool, String name, int perKeyPerMinute, int overallPerMinute) {
    this.pool = pool;
    this.name = name;
    this.perKeyPerMinute = perKeyPerMinute;
    this.overallPerMinute = overallPerMinute;
  }

  /** Counts one attempt for the key (and overall), failing with 429 when it would go beyond a limit. */
  public Future<Void> acquire(String key, String what) {
    return pool.preparedQuery(ACQUIRE)
        .execute(Tuple.of(name + ":" + key, name + ":*", perKeyPerMinute, overallPerMinute))
        .map(rows -> {
          Row row = rows.iterator().next();
          double f = row.getDouble("f");
          if (row.getValue("mine_n") == null) {
            throw new RateLimitedException(what, waitSeconds(row.getLong("mine_prev"), row.getLong("mine_cur"), f,
                perKeyPerMinute));
          }
          if (row.getValue("all_n") == null) {
            throw new RateLimitedException(what, waitSeconds(row.getLong("all_prev"), row.getLong("all_cur"), f,
                overallPerMinute));
          }
          return null;
        });
  }

  /**
   * For limits on failures (wrong access codes): refuses with 429 while any of the keys has no failure left in its
   * allowance, without counting anything: for an attempt that will not count as a failure.
   */
  public Future<Void> check(List<String> keys, String what) {
    return pool.preparedQuery(PEEK).execute(Tuple.of(keys(keys))).map(rows -> {
      for (Row row : rows) {
        long n = row.getLong("n");
        long prev = row.getLong("prev");
        double f = row.getDouble("f");
        if (n + 1 + prev * (1 - f) > perKeyPerMinute) {
          throw new RateLimitedException(what, waitSeconds(prev, n, f, perKeyPerMinute));
        }
      }
      return null;
    });
  }

  /**
   * For limits on failures (wrong access codes): counts a failure for each key, and refuses with 429 (counting
   * nothing) when any key had none left. Each failure is counted in the same statement that reads the count, so
   * failures sent all at once are each counted and cannot all pass.
   */
  public Future<Void> countFailure(List<String> keys, String what) {
    String[] named = keys(keys);
    return pool.preparedQuery(RESERVE).execute(Tuple.of(named)).compose(rows -> {
      for (Row row : rows) {
        long n = row.getLong("n");
        long prev = row.getLong("prev");
        double f = row.getDouble("f");
        if (n + prev * (1 - f) > perKeyPerMinute) {
          RateLimitedException refused = new RateLimitedException(what, waitSeconds(prev, n - 1, f, perKeyPerMinute));
          return release(named).transform(released -> Future.failedFuture(refused));
        }
      }
      return Future.succeededFuture();
    });
  }

  private Future<Void> release(String[] named) {
    return pool.preparedQuery(RELEASE).execute(Tuple.of(named)).mapEmpty();
  }

  private String[] keys(List<String> keys) {
    return keys.stream().map(key -> name + ":" + key).sorted().distinct().toArray(String[]::new);
  }

  /**
   * Seconds until one more would be allowed if nothing else came: later in this minute, once enough of the previous
   * minute's count has slid out, or else in the next minute, once enough of this one's has.
   *
   * @param f the fraction of the current minute already past
   */
  static double waitSeconds(long previous, long current, double f, int limit) {
    if (current + 1 <= limit && previous > 0) {
      double t = 1 - (limit - current - 1) / (double) previous;
      if (t < 1) {
        return Math.max(0, t - f) * 60;
      }
    }
    double t = current == 0 ? 0 : Math.max(0, 1 - (limit - 1) / (double) current);
    return (1 - f + t) * 60;
  }

  /**
   * Forgets minutes that no longer count (any node may do it; doing it twice is harmless). A failure is logged and
   * the next round tries again.
   */
  public static Future<Void> sweep(Pool pool) {
    return pool.query("DELETE FROM rate_limit_window WHERE win < floor(extract(epoch FROM now()) / 60)::bigint - 1")
        .execute()
        .<Void>mapEmpty()
        .onFailure(err -> LOG.warn("Could not sweep old rate-limit windows: {}", err.getMessage()));
  }

  /** 429 Too Many Requests, with the wait in Retry-After. */
  public static final class RateLimitedException extends ApiException {

    private final long retryAfterSeconds;

    public RateLimitedException(String what, double waitSeconds) {
      super(429, "RATE_LIMITED", "Too many " + what + "; try again in a moment");
      this.retryAfterSeconds = Math.max(1, (long) Math.ceil(waitSeconds));
    }

    public long retryAfterSeconds() {
      return retryAfterSeconds;
    }
  }
}
