package al.tirana.councilline.identity;

import al.tirana.councilline.platform.http.RateLimiter.RateLimitedException;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failed logins counted per (account, client address), in the database so that every node agrees. After
 * {@code threshold} failures that address is refused for that account (429 with Retry-After) for a delay that
 * doubles with each further failure, from {@link #FIRST_DELAY_SECONDS} up to {@code maxMinutes}. The account itself
 * is never locked: a stranger who knows a username stops only themselves, and its holder still logs in from their
 * own address. Unknown usernames are counted the same way, so the answers do not tell which accounts exist.
 */
public record LoginThrottle(Pool pool, int threshold, int maxMinutes) {

  private static final Logger LOG = LoggerFactory.getLogger(LoginThrottle.class);
  static final int FIRST_DELAY_SECONDS = 30;
  private static final String WHAT = "failed logins for this account from your address";

  /** Refuses at once, before the password is even checked, while this address is held back for this account. */
  public Future<Void> check(String username, String address) {
    return pool.preparedQuery("SELECT extract(epoch FROM blocked_until - now())::float8 FROM login_throttle "
            + "WHERE username = $1 AND address = $2 AND blocked_until > now()")
        .execute(Tuple.of(username, address))
        .map(rows -> {
          if (rows.size() > 0) {
            throw new RateLimitedException(WHAT, rows.iterator().next().getDouble(0));
          }
          return null;
        });
  }

  /**
   * Counts a failure; answers the seconds this address is now held back for, or 0 while it is under the threshold.
   */
  public Future<Long> failed(String username, String address) {
    return pool.preparedQuery("INSERT INTO login_throttle AS t (username, address, failures, last_failure_at) "
            + "VALUES ($1, $2, 1, now()) ON CONFLICT (username, address) DO UPDATE SET failures = t.failures + 1, "
            + "last_failure_at = now() RETURNING failures")
        .execute(Tuple.of(username, address))
        .compose(rows -> {
          int failures = rows.iterator().next().getInteger(0);
          if (failures < threshold) {
            return Future.succeededFuture(0L);
          }
          long delay = delaySeconds(failures);
          return pool.preparedQuery("UPDATE login_throttle SET blocked_until = now() + make_interval(secs => $3) "
                  + "WHERE username = $1 AND address = $2")
              .execute(Tuple.of(username, address, (double) delay))
              .map(v -> delay);
        });
  }

  /** The delay after the given number of failures (at least the threshold): doubling, capped. */
  long delaySeconds(int failures) {
    int doublings = Math.min(failures - threshold, 20);
    return Math.min((long) FIRST_DELAY_SECONDS << doublings, maxMinutes * 60L);
  }

  /** A correct password from this address forgives its earlier failures. */
  public Future<Void> succeeded(String username, String address) {
    return pool.preparedQuery("DELETE FROM login_throttle WHERE username = $1 AND address = $2")
        .execute(Tuple.of(username, address)).mapEmpty();
  }

  /**
   * Forgets addresses that have not failed for a day and are no longer held back. Any node may do it; a failure is
   * logged and the next round tries again.
   */
  public static Future<Void> sweep(Pool pool) {
    return pool.query("DELETE FROM login_throttle WHERE last_failure_at < now() - interval '1 day' "
            + "AND (blocked_until IS NULL OR blocked_until < now())").execute()
        .<Void>mapEmpty()
        .onFailure(err -> LOG.warn("Could not sweep old login throttles: {}", err.getMessage()));
  }
}
