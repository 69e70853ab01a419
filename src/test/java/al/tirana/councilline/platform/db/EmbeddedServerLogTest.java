package al.tirana.councilline.platform.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import al.tirana.councilline.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@DisplayName("The embedded PostgreSQL's own log")
class EmbeddedServerLogTest {

  private static final String EMAIL = "mirela.dushkaj@example.al";

  @Test
  @DisplayName("is written under DATA_DIR/postgres/log, a file for the weekday, without statements or the values "
      + "an error's detail would quote")
  void writesItsLogUnderTheDataDirectory(Vertx vertx, @TempDir Path dataDir) throws Exception {
    try (TestApp app = TestApp.embedded(vertx, dataDir)) {
      String admin = app.adminToken();
      String commission = app.createCommission(admin, "Log Commission");
      JsonObject submission = TestApp.submission("COMMISSION", commission);
      submission.put("citizen", submission.getJsonObject("citizen").copy().put("email", EMAIL));
      app.submit(submission);
      try (Connection c = app.jdbc()) {
        c.createStatement().execute("CREATE TABLE log_probe (email TEXT UNIQUE)");
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO log_probe VALUES (?)")) {
          insert.setString(1, EMAIL);
          insert.execute();
          // a duplicate key: PostgreSQL's detail would say "Key (email)=(...) already exists"
          assertThatThrownBy(insert::execute).isInstanceOf(SQLException.class).hasMessageContaining("duplicate");
        }
      }
    }
    Path logDirectory = dataDir.resolve("postgres").resolve(EmbeddedDatabase.LOG_DIRECTORY);
    List<Path> files;
    try (Stream<Path> listed = Files.list(logDirectory)) {
      files = listed.toList();
    }
    assertThat(files).isNotEmpty()
        .allSatisfy(file -> assertThat(file.getFileName().toString()).matches("postgresql-[A-Z][a-z]{2}\\.log"));
    StringBuilder log = new StringBuilder();
    for (Path file : files) {
      log.append(Files.readString(file, StandardCharsets.UTF_8));
    }
    assertThat(log).contains("duplicate key value violates unique constraint")
        .contains("database system is shut down")
        .doesNotContain(EMAIL)
        .doesNotContain("Elira", "Kolaj", "Youth centre in Kombinat");
  }
}
