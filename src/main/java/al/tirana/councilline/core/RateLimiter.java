package al.tirana.councilline.core;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets per key (a client IP) plus one overall bucket, refilled continuously at {@code perMinute}. Kept in
 * memory per node: a limit of N per minute allows N per node, which is what protects each node.
 */
public final class RateLimiter {

  private static final String OVERALL = "*";

  private final double perKeyPerMinute;
  private final double overallPerMinute;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  public RateLimiter(int perKeyPerMinute, int overallPerMinute) {
    this.perKeyPerMinute = perKeyPerMinute;
    this.overallPerMinute = overallPerMinute;
  }

  /** Takes one token for the key and one overall, or tells how many seconds to wait (refusing with 429). */
  public void acquire(String key, String what) {
    long now = System.nanoTime();
    double waitKey = buckets.computeIfAbsent(key, k -> new Bucket(perKeyPerMinute, now)).take(now, perKeyPerMinute);
    if (waitKey > 0) {
      throw new RateLimitedException(what, waitKey);
    }
    double waitAll = buckets.computeIfAbsent(OVERALL, k -> new Bucket(overallPerMinute, now))
        .take(now, overallPerMinute);
    if (waitAll > 0) {
      throw new RateLimitedException(what, waitAll);
    }
  }

  /** Forgets buckets that are full again, so idle clients cost no memory. */
  public void sweep() {
    long now = System.nanoTime();
    buckets.entrySet().removeIf(e -> !OVERALL.equals(e.getKey()) && e.getValue().isFull(now, perKeyPerMinute));
  }

  private static final class Bucket {
    private double tokens;
    private long updated;

    Bucket(double capacity, long now) {
      this.tokens = capacity;
      this.updated = now;
    }

    /** 0 when a token was taken, else the seconds until one is available. */
    synchronized double take(long now, double perMinute) {
      refill(now, perMinute);
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return (1 - tokens) * 60.0 / perMinute;
    }

    synchronized boolean isFull(long now, double perMinute) {
      refill(now, perMinute);
      return tokens >= perMinute;
    }

    private void refill(long now, double perMinute) {
      tokens = Math.min(perMinute, tokens + (now - updated) / 60e9 * perMinute);
      updated = now;
    }
  }

  /** 429 Too Many Requests, with the wait in Retry-After. */
  public static final class RateLimitedException extends ApiException {

    private final long retryAfterSeconds;

    RateLimitedException(String what, double waitSeconds) {
      super(429, "RATE_LIMITED", "Too many " + what + "; try again in a moment");
      this.retryAfterSeconds = Math.max(1, (long) Math.ceil(waitSeconds));
    }

    public long retryAfterSeconds() {
      return retryAfterSeconds;
    }
  }
}
