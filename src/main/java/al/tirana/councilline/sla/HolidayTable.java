package al.tirana.councilline.sla;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.axonframework.common.jdbc.ConnectionProvider;

/** The sla_holiday table, read in the caller's transaction (see projections/V5__sla_holidays.sql). */
public final class HolidayTable {

  private final ConnectionProvider connections;

  public HolidayTable(ConnectionProvider connections) {
    this.connections = connections;
  }

  /** The whole calendar: a few dozen days a year. */
  public NavigableMap<LocalDate, String> all() {
    NavigableMap<LocalDate, String> holidays = new TreeMap<>();
    try {
      Connection c = connections.getConnection();
      try (PreparedStatement ps = c.prepareStatement("SELECT day, name FROM sla_holiday");
           ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          holidays.put(rs.getDate(1).toLocalDate(), rs.getString(2));
        }
      }
    } catch (SQLException ex) {
      throw new IllegalStateException("Could not read the holiday calendar", ex);
    }
    return holidays;
  }
}
