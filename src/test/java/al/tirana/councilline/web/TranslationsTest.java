package al.tirana.councilline.web;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.platform.http.DatabaseUnavailable;
import al.tirana.councilline.directory.DirectoryEvent;
import al.tirana.councilline.identity.AccountEvent;
import al.tirana.councilline.shared.Role;
import al.tirana.councilline.shared.Addressee;
import al.tirana.councilline.shared.Category;
import al.tirana.councilline.shared.Channel;
import al.tirana.councilline.shared.Role;
import al.tirana.councilline.shared.Category;
import al.tirana.councilline.shared.Channel;
import al.tirana.councilline.request.Kind;
import al.tirana.councilline.shared.Priority;
import al.tirana.councilline.request.RequestEvent;
import al.tirana.councilline.shared.Status;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The front end's translations")
class TranslationsTest {

  /** A quoted key; one followed by + is only the start of a key built from a value, checked with the values. */
  private static final Pattern LITERAL_KEY = Pattern.compile(
      "'((?:nav|footer|home|directory|submit|receipt|track|countdown|private|live|login|inbox|request|action|feed|"
          + "stats|stories|audit|admin|validation|error|common|notFound|unit|app|duration|mine)\\.[A-Za-z0-9_.-]*[A-Za-z0-9])'(?!\\s*\\+)");

  /** The code of an ApiException as the server's sources write it: the first string after the status, if any. */
  private static final Pattern ERROR_CODE = Pattern.compile(
      "(?:badRequest|unprocessable|conflict|brokenRule|ApiException|super)\\(\\s*(?:\\d+,\\s*)?\"([A-Z][A-Z_]*)\"");

  private static JsonObject dictionary(String language) throws IOException {
    return new JsonObject(Files.readString(Path.of("web/i18n/" + language + ".json")));
  }

  @Test
  @DisplayName("give Albanian and English the same keys, none of them empty")
  void sameKeys() throws IOException {
    JsonObject sq = dictionary("sq");
    JsonObject en = dictionary("en");
    assertThat(sq.fieldNames()).isEqualTo(en.fieldNames());
    assertThat(sq.fieldNames()).allSatisfy(key -> {
      assertThat(sq.getString(key)).as("sq %s", key).isNotBlank();
      assertThat(en.getString(key)).as("en %s", key).isNotBlank();
    });
  }

  @Test
  @DisplayName("cover every key the pages use and every value of the domain's enumerations and events")
  void coverage() throws IOException {
    Set<String> keys = dictionary("sq").fieldNames();
    Set<String> used = new TreeSet<>();
    try (Stream<Path> files = Files.walk(Path.of("web"))) {
      for (Path file : files.filter(f -> f.toString().matches(".*web/(js/.*\\.js|index\\.html)$")).toList()) {
        Matcher m = LITERAL_KEY.matcher(Files.readString(file).replace('"', '\''));
        while (m.find()) {
          used.add(m.group(1));
        }
      }
    }
    assertThat(used).hasSizeGreaterThan(200);
    // a key with plural forms is used by its stem ('inbox.count' stands for inbox.count.one, inbox.count.other)
    assertThat(used).allSatisfy(key -> assertThat(keys.contains(key) || keys.contains(key + ".other"))
        .as("%s is translated", key).isTrue());
    Stream.of(enumKeys("kind", Kind.values()), enumKeys("priority", Priority.values()),
        enumKeys("category", Category.values()), enumKeys("channel", Channel.values()),
        enumKeys("status", Status.values()), enumKeys("role", Role.values()),
        eventKeys(RequestEvent.class), eventKeys(DirectoryEvent.class), eventKeys(AccountEvent.class))
        .forEach(expected -> assertThat(keys).containsAll(expected));
  }

  @Test
  @DisplayName("word every error code the server answers with, so no refusal reaches a page in the server's English")
  void errorCodes() throws IOException {
    Set<String> keys = dictionary("sq").fieldNames();
    Set<String> codes = new TreeSet<>(List.of(DatabaseUnavailable.CODE));
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Matcher m = ERROR_CODE.matcher(Files.readString(file));
        while (m.find()) {
          String code = m.group(1);
          if (code.endsWith("_")) {
            // a code completed by the addressee's type ("INACTIVE_" + COMMISSION)
            Arrays.stream(Addressee.Type.values()).forEach(type -> codes.add(code + type.name()));
          } else {
            codes.add(code);
          }
        }
      }
    }
    assertThat(codes).contains("ILLEGAL_TRANSITION", "INACTIVE_COMMISSION", "INVALID_CALENDAR", "RATE_LIMITED");
    assertThat(codes).allSatisfy(code -> assertThat(keys).as("error.%s is translated", code)
        .contains("error." + code));
  }

  private static Set<String> enumKeys(String prefix, Enum<?>[] values) {
    return Arrays.stream(values).map(v -> prefix + "." + v.name()).collect(Collectors.toSet());
  }

  private static Set<String> eventKeys(Class<?> sealed) {
    return Arrays.stream(sealed.getPermittedSubclasses()).map(c -> "event." + c.getSimpleName())
        .collect(Collectors.toSet());
  }
}
