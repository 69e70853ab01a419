package al.tirana.councilline.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The rate limiter's Retry-After")
class RateLimiterTest {

  @Test
  @DisplayName("waits in this minute while enough of the previous minute's count slides out")
  void withinThisMinute() {
    // 10 a minute, 10 in the previous minute, 4 so far in this one, 20 % of it past: the estimate is 12;
    // one more fits once the previous minute weighs at most 5, that is half-way through this one
    assertThat(RateLimiter.waitSeconds(10, 4, 0.2, 10)).isCloseTo(18.0, within(1e-9));
  }

  @Test
  @DisplayName("waits into the next minute when this minute alone is full")
  void intoTheNextMinute() {
    // 5 a minute, all 5 used at the start of this minute: in the next one they weigh (1 - t) * 5 + 1 <= 5
    assertThat(RateLimiter.waitSeconds(0, 5, 0.0, 5)).isCloseTo(72.0, within(1e-9));
    assertThat(RateLimiter.waitSeconds(3, 5, 0.5, 5)).isCloseTo(42.0, within(1e-9));
  }

  @Test
  @DisplayName("is at least a second in the 429 answer")
  void atLeastOneSecond() {
    assertThat(new RateLimiter.RateLimitedException("tries", 0.01).retryAfterSeconds()).isEqualTo(1);
    assertThat(new RateLimiter.RateLimitedException("tries", 41.2).retryAfterSeconds()).isEqualTo(42);
  }
}
