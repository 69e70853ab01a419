package al.tirana.councilline.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the database holds, row by row, for tests that look for personal data where it must not be. */
public final class StoredRows {

  private StoredRows() {
  }

  /** Every row of every table, as text; bytea columns decoded so plaintext would show. */
  public static List<String> everyRow(TestApp app) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = app.jdbc(); Statement st = c.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rs = st.executeQuery("SELECT table_name FROM information_schema.tables "
          + "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      assertThat(tables).contains("domain_event_entry", "request_view", "mail_outbox", "stats_request");
      for (String table : tables) {
        try (ResultSet rs = st.executeQuery("SELECT t::text FROM " + table + " t")) {
          while (rs.next()) {
            rows.add(decodeHex(rs.getString(1)));
          }
        }
      }
    }
    return rows;
  }

  /** How many rows each of these tables holds: as many again after a request shows that it stored nothing. */
  public static Map<String, Long> counts(TestApp app, String... tables) throws Exception {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String table : tables) {
      counts.put(table, app.count("SELECT count(*) FROM " + table));
    }
    return counts;
  }

  /** Turns bytea hex literals (\\x...) into text so plaintext hidden in binary columns is found too. */
  private static String decodeHex(String row) {
    StringBuilder out = new StringBuilder(row);
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\\\\\\\x([0-9a-f]+)").matcher(row);
    while (m.find()) {
      String hex = m.group(1);
      byte[] bytes = new byte[hex.length() / 2];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
      }
      out.append('\n').append(new String(bytes, StandardCharsets.UTF_8));
    }
    return out.toString();
  }

}
