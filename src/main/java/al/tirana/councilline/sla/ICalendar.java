package al.tirana.councilline.sla;

import al.tirana.councilline.platform.http.ApiException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads the all-day events (holidays) of an iCalendar (RFC 5545) file; multi-day events give one day each. */
final class ICalendar {

  private static final DateTimeFormatter BASIC = DateTimeFormatter.BASIC_ISO_DATE;
  /** The holiday name column's size. */
  static final int MAX_NAME = 200;
  /** Holidays last days, not years: a longer event is a mistake (or an attempt to fill the table). */
  private static final int MAX_EVENT_DAYS = 366;

  private ICalendar() {
  }

  static List<Map.Entry<LocalDate, String>> allDayEvents(String text) {
    if (!text.contains("BEGIN:VCALENDAR")) {
      throw invalid("The body is not an iCalendar file (BEGIN:VCALENDAR missing)");
    }
    List<Map.Entry<LocalDate, String>> days = new ArrayList<>();
    LocalDate start = null;
    LocalDate end = null;
    String summary = null;
    boolean inEvent = false;
    // RFC 5545 folds long lines: a line starting with a space or tab continues the previous one
    for (String line : text.replace("\r\n", "\n").replaceAll("\n[ \t]", "").split("\n")) {
      if (line.equals("BEGIN:VEVENT")) {
        inEvent = true;
        start = null;
        end = null;
        summary = null;
      } else if (line.equals("END:VEVENT") && inEvent) {
        inEvent = false;
        if (start == null) {
          throw invalid("An event has no DTSTART");
        }
        LocalDate last = end == null ? start : end.minusDays(1);
        if (last.isAfter(start.plusDays(MAX_EVENT_DAYS - 1))) {
          throw invalid("An event lasts more than " + MAX_EVENT_DAYS + " days");
        }
        for (LocalDate d = start; !d.isAfter(last); d = d.plusDays(1)) {
          days.add(Map.entry(d, summary == null || summary.isBlank() ? "Holiday" : summary));
        }
      } else if (inEvent && line.startsWith("DTSTART")) {
        start = date(line);
      } else if (inEvent && line.startsWith("DTEND")) {
        end = date(line);
      } else if (inEvent && line.startsWith("SUMMARY")) {
        summary = line.substring(line.indexOf(':') + 1).replace("\\,", ",").replace("\\;", ";").trim();
        if (summary.length() > MAX_NAME) {
          throw invalid("A SUMMARY is longer than " + MAX_NAME + " characters");
        }
      }
    }
    if (days.isEmpty()) {
      throw invalid("The calendar has no all-day events (VEVENT with DTSTART)");
    }
    return days;
  }

  private static LocalDate date(String line) {
    String value = line.substring(line.indexOf(':') + 1).trim();
    try {
      return LocalDate.parse(value.substring(0, 8), BASIC);
    } catch (RuntimeException ex) {
      throw invalid("Cannot read the date in '" + line + "'");
    }
  }

  private static ApiException invalid(String message) {
    return ApiException.badRequest("INVALID_CALENDAR", message,
        new JsonArray().add(new JsonObject().put("field", "body").put("problem", message)));
  }
}
