package al.tirana.councilline.request;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** How long the council has to give feedback, by priority. The full SLA engine builds on this. */
public record DuePolicy(Duration urgent, Duration normal) {

  public DuePolicy {
    Objects.requireNonNull(urgent, "urgent");
    Objects.requireNonNull(normal, "normal");
    if (urgent.isNegative() || urgent.isZero() || normal.isNegative() || normal.isZero()) {
      throw new IllegalArgumentException("SLA durations must be positive");
    }
  }

  public Instant dueAt(Priority priority, Instant submittedAt) {
    return submittedAt.plus(priority == Priority.URGENT ? urgent : normal);
  }
}
