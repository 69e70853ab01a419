package al.tirana.councilline.stats;

/** RFC 4180 fields: quoted when they hold a comma, a quote or a line break. */
final class Csv {

  private Csv() {
  }

  static String field(Object value) {
    if (value == null) {
      return "";
    }
    String text = String.valueOf(value);
    if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
      return "\"" + text.replace("\"", "\"\"") + "\"";
    }
    return text;
  }
}
