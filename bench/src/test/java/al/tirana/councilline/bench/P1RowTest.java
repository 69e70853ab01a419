package al.tirana.councilline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("P1's verdict")
class P1RowTest {

  @Test
  @DisplayName("takes the best ratio among the concurrencies whose p99 is within the bound, not the best rate alone")
  void bestWithinTheLatencyBound() {
    P1Row quick = row(8, 0.65, 40);
    P1Row fastButSlowTail = row(64, 0.9, 120);
    List<P1Row> rows = List.of(row(4, 0.3, 20), quick, fastButSlowTail);

    assertThat(P1Row.best(rows, 50)).contains(quick);
    assertThat(P1Row.best(rows, Double.MAX_VALUE)).contains(fastButSlowTail);
    assertThat(P1Row.meets(rows, 0.6, 50)).isTrue();
    assertThat(P1Row.meets(rows, 0.7, 50)).as("0.9 × only comes with a 120 ms p99").isFalse();
    assertThat(P1Row.meets(List.of(fastButSlowTail), 0.6, 50)).isFalse();
    assertThat(P1Row.best(List.of(fastButSlowTail), 50)).isEmpty();
  }

  private static P1Row row(int clients, double ratio, long p99Ms) {
    Histogram latency = new Histogram(60_000_000_000L, 3);
    for (int i = 0; i < 98; i++) {
      latency.recordValue(p99Ms * 1_000_000 / 4);
    }
    latency.recordValue(p99Ms * 1_000_000);
    latency.recordValue(p99Ms * 1_000_000);
    return new P1Row(new Load.Result(clients, ratio * 1_000, latency, 0), ratio, ratio, ratio / 5);
  }
}
