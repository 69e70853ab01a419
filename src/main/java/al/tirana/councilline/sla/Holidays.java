package al.tirana.councilline.sla;

import java.time.LocalDate;
import java.util.Map;

/** Public holidays known to the council, by date in Europe/Tirane. */
public interface Holidays {

  /** Holidays from {@code from} to {@code to}, both included, with their names. */
  Map<LocalDate, String> between(LocalDate from, LocalDate to);
}
