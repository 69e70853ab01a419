package al.tirana.councilline.sla;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.shared.Priority;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The SLA calendar")
class SlaCalendarTest {

  /** The holidays the application ships, read from the same migration the database gets. */
  private static final Holidays SHIPPED = shippedHolidays();

  private static Holidays shippedHolidays() {
    Map<LocalDate, String> days = new TreeMap<>();
    try (InputStream in = SlaCalendarTest.class.getClassLoader()
        .getResourceAsStream("projections/V5__sla_holidays.sql")) {
      Matcher m = Pattern.compile("\\('(\\d{4}-\\d{2}-\\d{2})', '([^']*(?:''[^']*)*)'\\)")
          .matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      while (m.find()) {
        days.put(LocalDate.parse(m.group(1)), m.group(2));
      }
    } catch (Exception ex) {
      throw new IllegalStateException(ex);
    }
    return (from, to) -> new TreeMap<>(((TreeMap<LocalDate, String>) days).subMap(from, true, to, true));
  }

  private static SlaCalendar calendar(SlaMode mode) {
    return new SlaCalendar(Duration.ofDays(3), Duration.ofDays(15), mode, 0.33, SHIPPED);
  }

  private static Instant tirana(String localDateTime) {
    return ZonedDateTime.parse(localDateTime + "+01:00[Europe/Tirane]").toInstant();
  }

  @Test
  @DisplayName("ships Albania's public holidays for 2025 to 2027")
  void shipsHolidays() {
    Map<LocalDate, String> all = SHIPPED.between(LocalDate.of(2025, 1, 1), LocalDate.of(2027, 12, 31));
    assertThat(all).containsKeys(LocalDate.of(2025, 11, 28), LocalDate.of(2026, 12, 25), LocalDate.of(2027, 1, 1),
        LocalDate.of(2026, 3, 14), LocalDate.of(2026, 12, 8));
    assertThat(all.keySet().stream().map(LocalDate::getYear).distinct()).containsExactlyInAnyOrder(2025, 2026, 2027);
  }

  @Test
  @DisplayName("in working days, a normal request of Friday 2026-12-18 is due on 2027-01-13, past Christmas and New Year")
  void workingDaysOverTheHolidays() {
    Due due = calendar(SlaMode.WORKING).due(Priority.NORMAL, tirana("2026-12-18T10:30:00"));
    assertThat(due.dueAt()).isEqualTo(tirana("2027-01-13T10:30:00"));
    assertThat(due.holidaysSkipped()).anyMatch(h -> h.startsWith("2026-12-25"))
        .anyMatch(h -> h.startsWith("2027-01-01")).anyMatch(h -> h.startsWith("2027-01-04"));
  }

  @Test
  @DisplayName("in working days, an urgent request of a Friday is due the next Wednesday")
  void workingDaysOverAWeekend() {
    Due due = calendar(SlaMode.WORKING).due(Priority.URGENT, tirana("2026-10-09T16:00:00"));
    assertThat(due.dueAt()).isEqualTo(tirana("2026-10-14T16:00:00"));
    assertThat(due.holidaysSkipped()).isEmpty();
  }

  @Test
  @DisplayName("in calendar time, a due date on a holiday moves to the next working day")
  void calendarHolidayShift() {
    // 2026-11-25 + 3 days = Saturday 28 November, Independence Day; the 29th and the 30th are off too
    Due due = calendar(SlaMode.CALENDAR).due(Priority.URGENT, tirana("2026-11-25T09:00:00"));
    assertThat(due.dueAt()).isEqualTo(tirana("2026-12-02T09:00:00"));
    assertThat(due.holidaysSkipped()).hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  @DisplayName("in calendar time, an ordinary day stays as it is, weekends included")
  void calendarOrdinaryDay() {
    Due due = calendar(SlaMode.CALENDAR).due(Priority.URGENT, tirana("2026-10-08T09:00:00"));
    assertThat(due.dueAt()).isEqualTo(tirana("2026-10-11T09:00:00"));
  }

  @Test
  @DisplayName("warns when a third of the window remains, and short windows work for demos")
  void warningPoint() {
    SlaCalendar demo = new SlaCalendar(Duration.ofSeconds(9), Duration.ofSeconds(30), SlaMode.WORKING, 0.33,
        SHIPPED);
    Instant start = Instant.parse("2026-10-08T09:00:00Z");
    Due due = demo.due(Priority.URGENT, start);
    assertThat(due.dueAt()).isEqualTo(start.plusSeconds(9));
    assertThat(due.warningAt()).isEqualTo(start.plusMillis(9000 - 2970));
  }
}
