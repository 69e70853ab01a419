package al.tirana.councilline.bench;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One concurrency of P1: its run, and its rate as a ratio to the rate at which raw JDBC writes the same rows
 * (SameRows), without and with the time the projections took to catch up, and as a ratio to the raw single-row
 * insert rate. P1 asks for both a rate and a latency, so the verdict takes the best ratio among the
 * concurrencies whose p99 is within the bound: with closed-loop clients, more of them raise the rate and the
 * latency together, and the best rate alone tends to come with the worst tail.
 */
record P1Row(Load.Result result, double ratio, double ratioWithCatchUp, double oneRowRatio) {

  double p50() {
    return result.latency().getValueAtPercentile(50) / 1e6;
  }

  double p99() {
    return result.latency().getValueAtPercentile(99) / 1e6;
  }

  /** The row with the best ratio among those whose p99 is at most {@code p99BoundMs}. */
  static Optional<P1Row> best(List<P1Row> rows, double p99BoundMs) {
    return rows.stream().filter(row -> row.p99() <= p99BoundMs).max(Comparator.comparingDouble(P1Row::ratio));
  }

  static boolean meets(List<P1Row> rows, double ratio, double p99BoundMs) {
    return best(rows, p99BoundMs).filter(row -> row.ratio() >= ratio).isPresent();
  }

  String describe() {
    return String.format("%.0f/s = %.3f × the same rows raw (%.3f × counting the projections' catch-up; %.3f × the "
        + "one-row inserts) at %d clients, p50 %s, p99 %s", result.perSecond(), ratio, ratioWithCatchUp, oneRowRatio,
        result.concurrency(), Report.ms(p50()), Report.ms(p99()));
  }
}
