package al.tirana.councilline.sla;

import al.tirana.councilline.platform.config.Config;
import al.tirana.councilline.shared.Priority;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The council's response-time rules: 3 days for urgent and 15 for normal requests by default, counted in calendar
 * time (a due date on a holiday moves to the next working day) or in working days (weekends and holidays do not
 * count). A warning goes out when a configurable share of the window remains.
 */
public final class SlaCalendar {

  /** Far enough ahead to hold any realistic window of working days. */
  private static final int LOOKAHEAD_DAYS = 400;

  private final Duration urgent;
  private final Duration normal;
  private final SlaMode mode;
  private final double warningRemaining;
  private final Holidays holidays;

  public SlaCalendar(Duration urgent, Duration normal, SlaMode mode, double warningRemaining, Holidays holidays) {
    if (urgent.isNegative() || urgent.isZero() || normal.isNegative() || normal.isZero()) {
      throw new IllegalArgumentException("SLA durations must be positive");
    }
    if (warningRemaining <= 0 || warningRemaining >= 1) {
      throw new IllegalArgumentException("SLA_WARNING_REMAINING must be between 0 and 1");
    }
    this.urgent = urgent;
    this.normal = normal;
    this.mode = Objects.requireNonNull(mode);
    this.warningRemaining = warningRemaining;
    this.holidays = holidays;
  }

  public Duration window(Priority priority) {
    return priority == Priority.URGENT ? urgent : normal;
  }

  public SlaMode mode() {
    return mode;
  }

  /** The due date of a window that opens at {@code start}. */
  public Due due(Priority priority, Instant start) {
    return window(start, window(priority));
  }

  /** A window of the given length opening at {@code start}, e.g. the time left when a paused clock resumes. */
  public Due window(Instant start, Duration length) {
    ZonedDateTime from = start.atZone(Config.ZONE);
    Map<LocalDate, String> known = holidays.between(from.toLocalDate(), from.toLocalDate().plusDays(LOOKAHEAD_DAYS));
    List<String> skipped = new ArrayList<>();
    ZonedDateTime due;
    if (mode == SlaMode.WORKING) {
      due = from;
      for (long day = 0; day < length.toDays(); day++) {
        due = nextWorkingDay(due.plusDays(1), known, skipped);
      }
      due = due.plus(length.minusDays(length.toDays()));
    } else {
      due = from.plus(length);
      if (known.containsKey(due.toLocalDate())) {
        due = nextWorkingDay(due, known, skipped);
      }
    }
    return fixed(start, due.toInstant(), skipped);
  }

  /** A due date set by hand (an extension): only the warning point is derived. */
  public Due fixed(Instant start, Instant dueAt, List<String> holidaysSkipped) {
    Duration total = Duration.between(start, dueAt);
    Instant warningAt = dueAt.minus(Duration.ofMillis((long) (total.toMillis() * warningRemaining)));
    return new Due(dueAt, warningAt, mode, List.copyOf(holidaysSkipped));
  }

  /** The first working day at or after {@code day}, noting every holiday passed over. */
  private static ZonedDateTime nextWorkingDay(ZonedDateTime day, Map<LocalDate, String> known, List<String> skipped) {
    ZonedDateTime current = day;
    while (isWeekend(current) || known.containsKey(current.toLocalDate())) {
      String holiday = known.get(current.toLocalDate());
      if (holiday != null) {
        skipped.add(current.toLocalDate() + " " + holiday);
      }
      current = current.plusDays(1);
    }
    return current;
  }

  private static boolean isWeekend(ZonedDateTime day) {
    return day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
  }
}
