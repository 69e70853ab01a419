package al.tirana.councilline.platform.text;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills {@code {name}} placeholders in a message meant for a person. A placeholder without a value (missing, null or
 * blank) is left out together with the separator before it, so that a citizen without a first name reads
 * "Hello," or "Faleminderit!" rather than "Hello ," or "Faleminderit, !", and no placeholder ever reaches a reader.
 */
public final class Placeholders {

  /** A placeholder and the ", " or " " before it, the separator in group 1. */
  private static final Pattern PLACEHOLDER = Pattern.compile("(, | )?\\{([A-Za-z][A-Za-z0-9]*)}");

  private Placeholders() {
  }

  public static String fill(String text, Map<String, String> values) {
    Matcher matcher = PLACEHOLDER.matcher(text);
    StringBuilder result = new StringBuilder(text.length() + 64);
    while (matcher.find()) {
      String value = values.get(matcher.group(2));
      boolean absent = value == null || value.isBlank();
      String separator = matcher.group(1) == null ? "" : matcher.group(1);
      matcher.appendReplacement(result, Matcher.quoteReplacement(absent ? "" : separator + value));
    }
    matcher.appendTail(result);
    return result.toString();
  }
}
