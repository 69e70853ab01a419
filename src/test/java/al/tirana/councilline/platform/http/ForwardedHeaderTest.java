package al.tirana.councilline.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("The Forwarded header's nodes")
class ForwardedHeaderTest {

  private static List<Optional<String>> nodes(String... lines) {
    return ForwardedHeader.forNodes(List.of(lines));
  }

  @Test
  @DisplayName("are the for= addresses of every element, left to right, over every header line")
  void elementsAndLines() {
    assertThat(nodes("for=192.0.2.60;proto=http;by=203.0.113.43"))
        .containsExactly(Optional.of("192.0.2.60"));
    assertThat(nodes("for=192.0.2.43, for=198.51.100.17", "for=203.0.113.5"))
        .containsExactly(Optional.of("192.0.2.43"), Optional.of("198.51.100.17"), Optional.of("203.0.113.5"));
    assertThat(nodes()).isEmpty();
    assertThat(nodes("", " , ,for=192.0.2.43 ,")).as("empty list elements are no elements")
        .containsExactly(Optional.of("192.0.2.43"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
      For=192.0.2.1                              | 192.0.2.1
      FOR=192.0.2.2;Proto=https                  | 192.0.2.2
      ' proto=https ; for = 192.0.2.3 ;by=x'     | 192.0.2.3
      for="192.0.2.4"                            | 192.0.2.4
      for="192.0.2.5:8080";by="a;b,c"            | 192.0.2.5
      for="19\\2.0.2.6"                          | 192.0.2.6
      for="[2001:db8:cafe::17]:4711"             | 2001:db8:cafe::17
      for="[2001:DB8:0:0::1]"                    | 2001:db8::1
      for="[::ffff:192.0.2.9]"                   | 192.0.2.9
      for="192.0.2.10:1"                         | 192.0.2.10
      for="192.0.2.11:65535"                     | 192.0.2.11
      for="192.0.2.12:_abc.D-e_1"                | 192.0.2.12
      """)
  @DisplayName("read names in any case, spaces around separators, quoted strings with separators and escapes, "
      + "bracketed IPv6 normalised, and drop ports")
  void address(String element, String address) {
    assertThat(nodes(element)).containsExactly(Optional.of(address));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"for=unknown", "for=UNKNOWN", "for=_hidden", "for=_SEVKISEK", "for=\"_gazonk:_p\"",
      "proto=https;by=192.0.2.1", "for=", "for=\"\"", "for", "=192.0.2.1", "for=192.0.2.1:80",
      "for=2001:db8::1", "for=\"2001:db8::1\"", "for=[2001:db8::1]", "for=\"[2001:db8::1\"", "for=\"[192.0.2.1]\"",
      "for=\"[2001:db8::1]x\"", "for=\"[2001:db8::1]:\"", "for=\"192.0.2.1:123456\"", "for=\"192.0.2.1:_\"",
      "for=\"192.0.2.1:8a\"", "for=\"192.0.2.1", "for=\"192.0.2.1\\", "for=\"192.0.2.1\"x", "for=192.0.2.1\"\"",
      "for=192.0.2.1;for=192.0.2.2", "for=192.0.2.1;FOR=192.0.2.2", "for=192.0.2.1 192.0.2.2", "for=192.0.2.256",
      "for=localhost", "for=\"192.0.2.1 \"", "f(r=192.0.2.1", "for=192.0.2.1;x", "for=\u00e9", "for=\"\u00e9\""})
  @DisplayName("are unusable for unknown, obfuscated, missing or malformed for= values")
  void unusable(String element) {
    assertThat(nodes(element)).containsExactly(Optional.empty());
  }

  @Test
  @DisplayName("keep an unusable element in its place between usable ones")
  void unusableInPlace() {
    assertThat(nodes("for=192.0.2.1, for=unknown;proto=http, for=192.0.2.3"))
        .containsExactly(Optional.of("192.0.2.1"), Optional.empty(), Optional.of("192.0.2.3"));
    assertThat(nodes("for=192.0.2.1, for=\"192.0.2.2, for=192.0.2.3", "for=192.0.2.4"))
        .as("an open quote runs to the end of its own line only")
        .containsExactly(Optional.of("192.0.2.1"), Optional.empty(), Optional.of("192.0.2.4"));
  }

  @Test
  @DisplayName("never throw, whatever a client writes")
  void neverThrows() {
    String alphabet = "for=\"[]:;,\\_ 19.2.0a:fF%\t\u00ff";
    Random random = new Random(7239);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      StringBuilder line = new StringBuilder(random.nextBoolean() ? "for=" : "");
      for (int length = random.nextInt(24); length > 0; length--) {
        line.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      lines.add(line.toString());
    }
    ClientAddress behindProxy = new ClientAddress("10.0.0.0/8");
    for (String line : lines) {
      assertThat(behindProxy.resolve("10.0.0.1", List.of(line), List.of(line))).as(line).isNotBlank();
    }
  }
}
