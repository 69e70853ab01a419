package al.tirana.councilline.platform.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Filling a message's placeholders")
class PlaceholdersTest {

  @Test
  @DisplayName("puts each value in its place, every time it stands")
  void fills() {
    assertThat(Placeholders.fill("Hello {firstName}, your request {number} ({number}).",
        Map.of("firstName", "Elira", "number", "TR-2026-000001")))
        .isEqualTo("Hello Elira, your request TR-2026-000001 (TR-2026-000001).");
  }

  @Test
  @DisplayName("leaves a placeholder without a value out together with the comma or space before it")
  void leavesOutWhatIsMissing() {
    Map<String, String> values = new HashMap<>();
    values.put("blank", "  ");
    values.put("none", null);
    assertThat(Placeholders.fill("Hello {firstName},\nThanks", Map.of())).isEqualTo("Hello,\nThanks");
    assertThat(Placeholders.fill("Faleminderit, {blank}! Mesazhi", values)).isEqualTo("Faleminderit! Mesazhi");
    assertThat(Placeholders.fill("Kodi: {none}\n{none}Fund", values)).isEqualTo("Kodi:\nFund");
  }

  @Test
  @DisplayName("does not fill placeholders or read group references that a value itself contains")
  void valuesAreText() {
    assertThat(Placeholders.fill("{message} / {number}", Map.of("message", "see {number} and $1 \\ done",
        "number", "TR-2026-000002"))).isEqualTo("see {number} and $1 \\ done / TR-2026-000002");
  }
}
