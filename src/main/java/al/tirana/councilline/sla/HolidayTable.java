package al.tirana.councilline.sla;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import org.axonframework.common.jdbc.ConnectionProvider;

/** Holidays from the sla_holiday table, read in the caller's transaction (see projections/V5__sla_holidays.sql). */
public final class HolidayTable implements Holidays {

  private final ConnectionProvider connections;

  public HolidayTable(ConnectionProvider connections) {
    this.connections = connections;
  }

  @Override
  public Map<LocalDate, String> between(LocalDate from, LocalDate to) {
    Map<LocalDate, String> holidays = new TreeMap<>();
    try {
      Connection c = connections.getConnection();
      try (PreparedStatement ps = c.prepareStatement("SELECT day, name FROM sla_holiday WHERE day BETWEEN ? AND ?")) {
        ps.setDate(1, Date.valueOf(from));
        ps.setDate(2, Date.valueOf(to));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            holidays.put(rs.getDate(1).toLocalDate(), rs.getString(2));
          }
        }
      }
    } catch (SQLException ex) {
      throw new IllegalStateException("Could not read the holiday calendar", ex);
    }
    return holidays;
  }
}
