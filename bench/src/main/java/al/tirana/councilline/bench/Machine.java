package al.tirana.councilline.bench;

import al.tirana.councilline.platform.db.Database;
import al.tirana.councilline.platform.db.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** What the figures were measured on, so they can be compared with another machine's. */
final class Machine {

  private Machine() {
  }

  static String describe(Database.Parsed jdbc) throws IOException, SQLException {
    String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
        .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
    String memory = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
        .findFirst().map(l -> String.format("%.0f GiB", Long.parseLong(l.replaceAll("[^0-9]", "")) / 1048576.0))
        .orElse("unknown");
    try (Connection c = Baseline.connect(jdbc); Statement st = c.createStatement()) {
      return "- " + Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), " + memory + " memory, Linux "
          + System.getProperty("os.version") + "; the load generator, both nodes and PostgreSQL share them.\n"
          + "- Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + "), "
          + "default G1 collector and no other JVM option; node A in the benchmark's JVM, other nodes in their own JVMs"
          + " started as the README's run command starts a node.\n"
          + "- " + value(st, "SELECT split_part(version(), ' on ', 1)") + ", embedded (zonky), data in a temporary "
          + "directory, reached by node A and the baseline over its Unix socket"
          + (overSocket(st) ? "" : " (not available here: over TCP)")
          + " and by node B over TCP; fsync " + value(st, "SHOW fsync") + ", synchronous_commit "
          + value(st, "SHOW synchronous_commit") + ", shared_buffers " + value(st, "SHOW shared_buffers") + ".\n"
          + "- At most " + Files.readAllLines(Path.of("/proc/self/limits")).stream()
              .filter(l -> l.startsWith("Max open files")).findFirst()
              .map(l -> l.replaceAll("\\s+", " ").split(" ")[4]).orElse("?")
          + " open files per process (hard limit, not raisable here).";
    }
  }

  /** The server itself says how the connection came: it has no server address over a Unix socket. */
  private static boolean overSocket(Statement st) throws SQLException {
    return value(st, "SELECT CASE WHEN inet_server_addr() IS NULL THEN 'socket' ELSE 'tcp' END").equals("socket");
  }

  private static String value(Statement st, String sql) throws SQLException {
    try (ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
