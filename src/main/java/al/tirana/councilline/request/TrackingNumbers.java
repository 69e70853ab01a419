package al.tirana.councilline.request;

import java.time.Instant;

/** Issues the human-friendly, per-year sequential number a citizen tracks a request with. */
public interface TrackingNumbers {

  String next(Instant submittedAt);
}
