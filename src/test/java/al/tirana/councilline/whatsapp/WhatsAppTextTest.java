package al.tirana.councilline.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("WhatsApp replies")
class WhatsAppTextTest {

  @Test
  @DisplayName("thank the citizen by first name, and without one when there is none, never \"Faleminderit, !\"")
  void thanks() {
    assertThat(WhatsAppText.ACKNOWLEDGEMENT.render(Map.of("firstName", "Arta", "number", "TR-2026-000001")))
        .startsWith("Faleminderit, Arta! Mesazhi juaj u regjistrua si kërkesë me numrin TR-2026-000001.");
    for (WhatsAppText text : WhatsAppText.values()) {
      assertThat(text.render(Map.of("number", "TR-2026-000001"))).as(text.name())
          .doesNotContain("{", "}", ", !", " !", " ,");
    }
    assertThat(WhatsAppText.ACKNOWLEDGEMENT.render(Map.of("number", "TR-2026-000001")))
        .startsWith("Faleminderit! Mesazhi juaj");
  }
}
