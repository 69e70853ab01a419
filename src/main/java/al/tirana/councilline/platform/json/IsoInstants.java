package al.tirana.councilline.platform.json;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Instants as ISO-8601 text in UTC, read and written exactly as {@link Instant#parse} and {@link Instant#toString}
 * do, without java.time's general formatter. Every event carries instants and every projection reads them back:
 * in a rebuild of the tracking view, parsing them with {@code DateTimeFormatter} took a fifth of the processor's
 * CPU. Text in any other shape (an offset, a year past 9999) is left to java.time.
 */
public final class IsoInstants {

  private static final int[] SCALE = {100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1};
  private static final long FIRST = LocalDate.of(1, 1, 1).toEpochDay() * 86_400;
  private static final long LAST = (LocalDate.of(9999, 12, 31).toEpochDay() + 1) * 86_400 - 1;

  private IsoInstants() {
  }

  public static Instant parse(CharSequence text) {
    Instant instant = parseUtc(text);
    return instant != null ? instant : Instant.parse(text);
  }

  /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} as an instant; null for any other text, valid or not. */
  static Instant parseUtc(CharSequence s) {
    int length = s.length();
    if (length < 20 || length > 30 || length == 21 || s.charAt(length - 1) != 'Z' || s.charAt(4) != '-'
        || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':'
        || (length > 20 && s.charAt(19) != '.')) {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    int fraction = length > 20 ? digits(s, 20, length - 21) : 0;
    if (year < 1 || month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month) || hour < 0 || hour > 23
        || minute < 0 || minute > 59 || second < 0 || second > 59 || fraction < 0) {
      return null;
    }
    int nanos = length > 20 ? fraction * SCALE[length - 22] : 0;
    long epochDay = LocalDate.of(year, month, day).toEpochDay();
    return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600 + minute * 60 + second, nanos);
  }

  /** The same text as {@link Instant#toString}. */
  public static String format(Instant instant) {
    long seconds = instant.getEpochSecond();
    if (seconds < FIRST || seconds > LAST) {
      return instant.toString();
    }
    LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400));
    int ofDay = (int) Math.floorMod(seconds, 86_400);
    int nanos = instant.getNano();
    int fractionDigits = nanos == 0 ? 0 : nanos % 1_000_000 == 0 ? 3 : nanos % 1_000 == 0 ? 6 : 9;
    char[] text = new char[20 + (fractionDigits == 0 ? 0 : fractionDigits + 1)];
    put(text, 0, date.getYear(), 4);
    text[4] = '-';
    put(text, 5, date.getMonthValue(), 2);
    text[7] = '-';
    put(text, 8, date.getDayOfMonth(), 2);
    text[10] = 'T';
    put(text, 11, ofDay / 3_600, 2);
    text[13] = ':';
    put(text, 14, ofDay / 60 % 60, 2);
    text[16] = ':';
    put(text, 17, ofDay % 60, 2);
    if (fractionDigits > 0) {
      text[19] = '.';
      put(text, 20, nanos / SCALE[fractionDigits - 1], fractionDigits);
    }
    text[text.length - 1] = 'Z';
    return new String(text);
  }

  /** The decimal number in {@code count} characters from {@code from}, or -1 if any is not a digit. */
  private static int digits(CharSequence s, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static void put(char[] text, int from, int value, int count) {
    for (int i = from + count - 1; i >= from; i--) {
      text[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  private static int lengthOfMonth(int year, int month) {
    return switch (month) {
      case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }
}
