package al.tirana.councilline.platform.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import al.tirana.councilline.support.TestDatabase;
import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The schema migrator")
class SchemaMigratorTest {

  private static final SchemaMigrator.Migration A = script("V1__a.sql", "CREATE TABLE a (id INT PRIMARY KEY)");

  private static final Map<String, String> FILES = Map.of(
      "events/V2__second.sql", "CREATE TABLE b (id INT);",
      "events/V10__tenth.sql", "CREATE TABLE c (id INT);",
      "events/V1__first.sql", "CREATE TABLE a (id INT);",
      "events/README.md", "not a script",
      "events/old/V3__nested.sql", "not in this folder",
      "projections/V4__other.sql", "another folder");

  @Test
  @DisplayName("finds the same scripts, with the same checksums and in version order, in a jar or in a directory")
  void sameFromJarAndDirectory(@TempDir Path temp) throws Exception {
    Path directory = temp.resolve("classes");
    Path jar = temp.resolve("app.jar");
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out)) {
      for (var file : FILES.entrySet()) {
        Path path = directory.resolve(file.getKey());
        Files.createDirectories(path.getParent());
        Files.writeString(path, file.getValue());
        zip.putNextEntry(new JarEntry(file.getKey()));
        zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }

    List<SchemaMigrator.Migration> fromJar =
        SchemaMigrator.migrationsIn(new URL("jar:" + jar.toUri() + "!/events"), "events");
    List<SchemaMigrator.Migration> fromDirectory =
        SchemaMigrator.migrationsIn(directory.resolve("events").toUri().toURL(), "events");

    assertThat(fromJar).extracting(SchemaMigrator.Migration::script)
        .containsExactly("events/V1__first.sql", "events/V2__second.sql", "events/V10__tenth.sql");
    assertThat(fromJar.get(0).sql()).isEqualTo("CREATE TABLE a (id INT);");
    assertThat(fromJar.get(0).checksum()).hasSize(64);
    assertThat(fromJar).isEqualTo(fromDirectory);
  }

  @Test
  @DisplayName("applies the pending scripts in order, each recorded with its checksum, and none twice")
  void appliesPending() throws Exception {
    DataSource db = TestDatabase.freshDataSource();
    SchemaMigrator.Migration b = script("V2__b.sql", "CREATE TABLE b (id INT REFERENCES a (id))");
    SchemaMigrator.Migration c = script("V3__c.sql", "CREATE TABLE c (id INT)");
    SchemaMigrator.Migration a = A;

    SchemaMigrator.migrate(db, List.of(a, b));
    // a script applied twice would fail: its table exists
    SchemaMigrator.migrate(db, List.of(a, b, c));

    assertThat(history(db)).containsExactly(Map.entry(a.script(), a.checksum()), Map.entry(b.script(), b.checksum()),
        Map.entry(c.script(), c.checksum()));
    assertThat(tables(db)).contains("a", "b", "c");
  }

  @Test
  @DisplayName("leaves the schema as it was when a script fails, and names that script")
  void failingScript() throws Exception {
    DataSource db = TestDatabase.freshDataSource();
    SchemaMigrator.Migration bad = script("V2__bad.sql", "CREATE TABLE b (id NO_SUCH_TYPE)");

    assertThatThrownBy(() -> SchemaMigrator.migrate(db, List.of(A, bad)))
        .isInstanceOf(SQLException.class).hasMessageContaining("events/V2__bad.sql failed")
        .hasMessageContaining("no_such_type");

    assertThat(history(db)).isEmpty();
    assertThat(tables(db)).doesNotContain("a", "b");
    // and once the script is fixed (it was never applied, so it may be), the next start applies both
    SchemaMigrator.migrate(db, List.of(A, script("V2__bad.sql", "CREATE TABLE b (id INT)")));
    assertThat(tables(db)).contains("a", "b");
  }

  @Test
  @DisplayName("refuses to start when an applied script was edited, before applying anything")
  void editedScript() throws Exception {
    DataSource db = TestDatabase.freshDataSource();
    SchemaMigrator.migrate(db, List.of(script("V1__a.sql", "CREATE TABLE a (id INT)")));

    assertThatThrownBy(() -> SchemaMigrator.migrate(db, List.of(script("V1__a.sql", "CREATE TABLE a (id BIGINT)"),
        script("V2__c.sql", "CREATE TABLE c (id INT)"))))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("events/V1__a.sql changed after it was applied");

    assertThat(tables(db)).contains("a").doesNotContain("c");
  }

  private static SchemaMigrator.Migration script(String name, String sql) {
    return SchemaMigrator.migration("events", name, sql);
  }

  private static List<Map.Entry<String, String>> history(DataSource db) throws SQLException {
    return rows(db, "SELECT script, checksum FROM schema_history ORDER BY script",
        rs -> Map.entry(rs.getString(1), rs.getString(2)));
  }

  private static List<String> tables(DataSource db) throws SQLException {
    return rows(db, "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()", rs -> rs.getString(1));
  }

  private interface Row<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private static <T> List<T> rows(DataSource db, String query, Row<T> row) throws SQLException {
    List<T> rows = new ArrayList<>();
    try (Connection c = db.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
      while (rs.next()) {
        rows.add(row.read(rs));
      }
    }
    return rows;
  }
}
