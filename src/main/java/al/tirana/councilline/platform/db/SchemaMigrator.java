package al.tirana.councilline.platform.db;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the versioned SQL files of {@code events/} (the event store) and then {@code projections/} (read models),
 * each once, in version order. An advisory lock keeps two nodes starting together from applying a file twice, and a
 * checksum refuses to start when an applied file was edited instead of superseded by a new version.
 */
public final class SchemaMigrator {

  private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);
  private static final List<String> LOCATIONS = List.of("events", "projections");
  private static final long LOCK_KEY = 0x436f756e63696cL;
  private static final Pattern SCRIPT = Pattern.compile("V\\d+__.*\\.sql");

  private SchemaMigrator() {
  }

  public static void migrate(DataSource dataSource) throws Exception {
    migrate(dataSource, shipped());
  }

  /** Applies what of {@code scripts} (in this order) is not applied yet, after checking what is. */
  static void migrate(DataSource dataSource, List<Migration> scripts) throws Exception {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(true);
      try (Statement st = connection.createStatement()) {
        st.execute("SELECT pg_advisory_lock(" + LOCK_KEY + ")");
      }
      try {
        ensureHistoryTable(connection);
        Map<String, String> applied = applied(connection);
        List<Migration> pending = new ArrayList<>();
        for (Migration migration : scripts) {
          String checksum = applied.get(migration.script());
          if (checksum == null) {
            pending.add(migration);
          } else if (!checksum.equals(migration.checksum())) {
            throw new IllegalStateException("Schema script " + migration.script()
                + " changed after it was applied; add a new version instead of editing it");
          }
        }
        apply(connection, pending);
      } finally {
        try (Statement st = connection.createStatement()) {
          st.execute("SELECT pg_advisory_unlock(" + LOCK_KEY + ")");
        }
      }
    }
  }

  /** Every schema script this version ships, as schema_history names them (for the readiness check). */
  public static List<String> scripts() throws Exception {
    return shipped().stream().map(Migration::script).toList();
  }

  /** The scripts of {@code events/}, then those of {@code projections/}, each folder in version order. */
  private static List<Migration> shipped() throws Exception {
    List<Migration> scripts = new ArrayList<>();
    for (String location : LOCATIONS) {
      scripts.addAll(migrationsIn(location));
    }
    return scripts;
  }

  private static void ensureHistoryTable(Connection connection) throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.execute("CREATE TABLE IF NOT EXISTS schema_history ("
          + "script VARCHAR(255) PRIMARY KEY, checksum VARCHAR(64) NOT NULL, "
          + "applied_at TIMESTAMPTZ NOT NULL DEFAULT now())");
    }
  }

  /** The checksum of every script applied so far, by script, in one query. */
  private static Map<String, String> applied(Connection connection) throws SQLException {
    Map<String, String> applied = new HashMap<>();
    try (Statement st = connection.createStatement();
         ResultSet rs = st.executeQuery("SELECT script, checksum FROM schema_history")) {
      while (rs.next()) {
        applied.put(rs.getString(1), rs.getString(2));
      }
    }
    return applied;
  }

  /**
   * Applies the pending scripts in order, each recorded with its checksum, all in one transaction: a new database
   * gets its whole schema with one commit (one WAL flush) instead of one per script, and a script that fails leaves
   * the schema as it was before this start (the error names the script).
   */
  private static void apply(Connection connection, List<Migration> pending) throws SQLException {
    if (pending.isEmpty()) {
      return;
    }
    connection.setAutoCommit(false);
    Migration current = null;
    try (Statement st = connection.createStatement();
         PreparedStatement record = connection.prepareStatement(
             "INSERT INTO schema_history (script, checksum) VALUES (?, ?)")) {
      for (Migration migration : pending) {
        current = migration;
        st.execute(migration.sql());
        record.setString(1, migration.script());
        record.setString(2, migration.checksum());
        record.executeUpdate();
      }
      current = null;
      connection.commit();
      pending.forEach(migration -> LOG.info("Applied schema script {}", migration.script()));
    } catch (SQLException ex) {
      connection.rollback();
      throw new SQLException((current == null ? "Schema scripts " + pending.get(0).script() + " and after"
          : "Schema script " + current.script()) + " failed: " + ex.getMessage(), ex);
    } finally {
      connection.setAutoCommit(true);
    }
  }

  /** Lists {@code V<n>__*.sql} under a classpath folder, whether the classes run from a directory or a jar. */
  static List<Migration> migrationsIn(String location) throws IOException, URISyntaxException {
    URL url = SchemaMigrator.class.getClassLoader().getResource(location);
    return url == null ? List.of() : migrationsIn(url, location);
  }

  /** The scripts of the folder {@code url} (a directory or a folder in a jar), as {@code location/V<n>__*.sql}. */
  static List<Migration> migrationsIn(URL url, String location) throws IOException, URISyntaxException {
    URI uri = url.toURI();
    List<Migration> result = new ArrayList<>();
    if ("jar".equals(uri.getScheme())) {
      collect((JarURLConnection) url.openConnection(), location, result);
    } else {
      collect(Path.of(uri), location, result);
    }
    result.sort(Comparator.comparingInt(Migration::version));
    return Collections.unmodifiableList(result);
  }

  /**
   * The scripts in the application's jar, read through the jar the class loader has already opened (its central
   * directory is shared): a zip file system would parse the whole jar's directory again and build a tree of its
   * tens of thousands of entries, at every start.
   */
  private static void collect(JarURLConnection folder, String location, List<Migration> into)
      throws IOException, URISyntaxException {
    String prefix = location + "/";
    // a JarFile of our own (closed here, leaving the class loader's alone), over the same parsed central directory
    try (JarFile jar = new JarFile(new File(folder.getJarFileURL().toURI()))) {
      for (JarEntry entry : jar.stream().filter(e -> e.getName().startsWith(prefix)).toList()) {
        String name = entry.getName().substring(prefix.length());
        if (name.indexOf('/') < 0 && SCRIPT.matcher(name).matches()) {
          try (InputStream in = jar.getInputStream(entry)) {
            into.add(migration(location, name, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
          }
        }
      }
    }
  }

  private static void collect(Path dir, String location, List<Migration> into) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(p -> SCRIPT.matcher(p.getFileName().toString()).matches()).toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          into.add(migration(location, file.getFileName().toString(),
              new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        }
      }
    }
  }

  static Migration migration(String location, String name, String sql) {
    int version = Integer.parseInt(name.substring(1, name.indexOf("__")));
    return new Migration(location + "/" + name, version, sql, sha256(sql));
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException(ex);
    }
  }

  record Migration(String script, int version, String sql, String checksum) {
  }
}
