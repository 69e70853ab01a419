package al.tirana.councilline.support;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Read models as text, row by row, to compare them before and after a rebuild. */
public final class TableRows {

  private TableRows() {
  }

  /** Each of the tables, given as {@code "table ORDER BY column"}, as its rows' text, one row a line. */
  public static Map<String, String> of(TestApp app, List<String> tables) throws Exception {
    Map<String, String> rows = new LinkedHashMap<>();
    try (Connection c = app.jdbc(); Statement st = c.createStatement()) {
      for (String table : tables) {
        StringBuilder text = new StringBuilder();
        try (ResultSet rs = st.executeQuery("SELECT t::text FROM " + table.replace(" ORDER", " t ORDER"))) {
          while (rs.next()) {
            text.append(rs.getString(1)).append('\n');
          }
        }
        rows.put(table, text.toString());
      }
    }
    return rows;
  }
}
