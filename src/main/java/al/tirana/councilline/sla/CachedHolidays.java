package al.tirana.councilline.sla;

import java.time.LocalDate;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;

/**
 * The holiday calendar kept in memory: every submission's SLA clock needs it, and it changes a few times a year.
 * The table tells every node when it changes (projections/V13__sla_holiday_changes.sql, {@link HolidayListener});
 * the next reader then reads all of it again. A read that raced with a change is used once but not kept.
 */
public final class CachedHolidays implements Holidays {

  private final HolidayTable table;
  private long generation;
  private NavigableMap<LocalDate, String> days;

  public CachedHolidays(HolidayTable table) {
    this.table = table;
  }

  @Override
  public Map<LocalDate, String> between(LocalDate from, LocalDate to) {
    NavigableMap<LocalDate, String> known;
    long readAt;
    synchronized (this) {
      known = days;
      readAt = generation;
    }
    if (known == null) {
      known = Collections.unmodifiableNavigableMap(table.all());
      keep(readAt, known);
    }
    return known.subMap(from, true, to, true);
  }

  /** Forgets the calendar; called when the table changed, or when a change may have gone unheard. */
  public synchronized void forget() {
    generation++;
    days = null;
  }

  private synchronized void keep(long readAt, NavigableMap<LocalDate, String> read) {
    if (generation == readAt) {
      days = read;
    }
  }
}
