package al.tirana.councilline.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Mail templates")
class TemplateTest {

  private static Map<String, String> withFirstName(String firstName) {
    Map<String, String> values = new HashMap<>();
    values.put("number", "TR-2026-000001");
    values.put("firstName", firstName);
    return values;
  }

  @Test
  @DisplayName("greet a citizen by first name in both languages")
  void namedGreeting() {
    assertThat(Template.ACKNOWLEDGEMENT.render("sq", withFirstName("Elira"))[1]).startsWith("Përshëndetje Elira,\n");
    assertThat(Template.ACKNOWLEDGEMENT.render("en", withFirstName("Elira"))[1]).startsWith("Hello Elira,\n");
  }

  @ParameterizedTest(name = "first name {0}")
  @NullSource
  @ValueSource(strings = {"", "   "})
  @DisplayName("greet a citizen with no first name (none, empty or blank) without one, in every mail and language")
  void namelessGreeting(String firstName) {
    assertThat(Template.RESPONSE.render("sq", withFirstName(firstName))[1]).startsWith("Përshëndetje,\n");
    assertThat(Template.RESPONSE.render("en", withFirstName(firstName))[1]).startsWith("Hello,\n");
    for (Template template : Template.values()) {
      for (String language : new String[] {"sq", "en"}) {
        String body = template.render(language, withFirstName(firstName))[1];
        assertThat(body).as("%s in %s", template, language).doesNotContain("{firstName}")
            .doesNotContain("Hello ,").doesNotContain("Përshëndetje ,").doesNotContain(" ,");
      }
    }
  }

  @Test
  @DisplayName("greet without a name when the citizen's data carries no first name at all")
  void absentFirstName() {
    assertThat(Template.ACKNOWLEDGEMENT.render("en", Map.of("number", "TR-2026-000001"))[1]).startsWith("Hello,\n");
  }
}
