package al.tirana.councilline.app;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.support.DatabaseOutage;
import al.tirana.councilline.support.StartedApp;
import al.tirana.councilline.support.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The health check")
class HealthTest {

  @Test
  @DisplayName("says UP only while the database answers, DOWN (503) when it does not, and UP again after")
  void followsTheDatabase(@StartedApp.Fresh TestApp app) throws Exception {
    assertThat(app.get("/health", null).statusCode()).isEqualTo(200);
    try (DatabaseOutage outage = DatabaseOutage.of(app)) {
      HttpResponse<Buffer> down = app.get("/health", null);
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(down.bodyAsJsonObject().getString("status")).isEqualTo("DOWN");
    }
    HttpResponse<Buffer> up = app.get("/health", null);
    assertThat(up.statusCode()).isEqualTo(200);
    assertThat(up.bodyAsJsonObject().getString("status")).isEqualTo("UP");
  }
}
