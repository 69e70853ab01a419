package al.tirana.councilline.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A tracking number")
class TrackingNumberFormatTest {

  @Test
  @DisplayName("reads PREFIX-YEAR-NNNNNN, zero-padded to six digits and longer when the year needs more")
  void padded() {
    assertThat(SequentialTrackingNumbers.format("TR", 2026, 1)).isEqualTo("TR-2026-000001");
    assertThat(SequentialTrackingNumbers.format("TR", 2026, 999_999)).isEqualTo("TR-2026-999999");
    assertThat(SequentialTrackingNumbers.format("TR", 2026, 1_000_000)).isEqualTo("TR-2026-1000000");
    SplittableRandom random = new SplittableRandom(8);
    for (int i = 0; i < 10_000; i++) {
      long sequence = i < 5_000 ? 1 + random.nextLong(10_000_000) : 1 + random.nextLong(Long.MAX_VALUE);
      assertThat(SequentialTrackingNumbers.format("CL", 2027, sequence))
          .isEqualTo(String.format("%s-%d-%06d", "CL", 2027, sequence));
    }
  }

  @Test
  @DisplayName("is refused for a number no sequence issues")
  void positive() {
    assertThatThrownBy(() -> SequentialTrackingNumbers.format("TR", 2026, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
