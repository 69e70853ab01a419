package al.tirana.councilline.feed;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** Plain-language pieces shared by the public feed and the accountability timelines. */
final class Wording {

  private Wording() {
  }

  static String words(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  static String after(Instant from, Instant to) {
    long hours = Duration.between(from, to).toHours();
    if (hours < 24) {
      return "within a day";
    }
    long days = hours / 24;
    return "after " + days + (days == 1 ? " day" : " days");
  }
}
