package al.tirana.councilline.platform.db;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
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
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
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

  private SchemaMigrator() {
  }

  public static void migrate(DataSource dataSource) throws Exception {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(true);
      try (Statement st = connection.createStatement()) {
        st.execute("SELECT pg_advisory_lock(" + LOCK_KEY + ")");
      }
      try {
        ensureHistoryTable(connection);
        for (String location : LOCATIONS) {
          for (Migration migration : migrationsIn(location)) {
            apply(connection, migration);
          }
        }
      } finally {
        try (Statement st = connection.createStatement()) {
          st.execute("SELECT pg_advisory_unlock(" + LOCK_KEY + ")");
        }
      }
    }
  }

  /** Every schema script this version ships, as schema_history names them (for the readiness check). */
  public static List<String> scripts() throws Exception {
    List<String> scripts = new ArrayList<>();
    for (String location : LOCATIONS) {
      migrationsIn(location).forEach(migration -> scripts.add(migration.script()));
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

  private static void apply(Connection connection, Migration migration) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("SELECT checksum FROM schema_history WHERE script = ?")) {
      ps.setString(1, migration.script());
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          if (!rs.getString(1).equals(migration.checksum())) {
            throw new IllegalStateException("Schema script " + migration.script()
                + " changed after it was applied; add a new version instead of editing it");
          }
          return;
        }
      }
    }
    connection.setAutoCommit(false);
    try (Statement st = connection.createStatement();
         PreparedStatement record = connection.prepareStatement(
             "INSERT INTO schema_history (script, checksum) VALUES (?, ?)")) {
      st.execute(migration.sql());
      record.setString(1, migration.script());
      record.setString(2, migration.checksum());
      record.executeUpdate();
      connection.commit();
      LOG.info("Applied schema script {}", migration.script());
    } catch (SQLException ex) {
      connection.rollback();
      throw new SQLException("Schema script " + migration.script() + " failed: " + ex.getMessage(), ex);
    } finally {
      connection.setAutoCommit(true);
    }
  }

  /** Lists {@code V<n>__*.sql} under a classpath folder, whether the classes run from a directory or a jar. */
  static List<Migration> migrationsIn(String location) throws IOException, URISyntaxException {
    URL url = SchemaMigrator.class.getClassLoader().getResource(location);
    if (url == null) {
      return List.of();
    }
    URI uri = url.toURI();
    List<Migration> result = new ArrayList<>();
    if ("jar".equals(uri.getScheme())) {
      FileSystem fs;
      try {
        fs = FileSystems.newFileSystem(uri, Map.of());
      } catch (FileSystemAlreadyExistsException ex) {
        fs = FileSystems.getFileSystem(uri);
      }
      collect(fs.getPath(location), location, result);
    } else {
      collect(Path.of(uri), location, result);
    }
    result.sort(Comparator.comparingInt(Migration::version));
    return Collections.unmodifiableList(result);
  }

  private static void collect(Path dir, String location, List<Migration> into) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(p -> p.getFileName().toString().matches("V\\d+__.*\\.sql")).toList()) {
        String name = file.getFileName().toString();
        String sql;
        try (InputStream in = Files.newInputStream(file)) {
          sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int version = Integer.parseInt(name.substring(1, name.indexOf("__")));
        into.add(new Migration(location + "/" + name, version, sql, sha256(sql)));
      }
    }
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
