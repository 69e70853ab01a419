package al.tirana.councilline.platform.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("At JVM shutdown, the embedded database's hook")
class ShutdownOrderTest {

  @Test
  @DisplayName("does not go ahead before the application's hook has run, even if the JVM has not started it yet")
  void waitsForTheApplicationsHookToHaveRun() throws Exception {
    // registers a real hook that does nothing; at this JVM's exit it runs and releases the wait
    ShutdownOrder.onShutdown(() -> { });

    assertThat(ShutdownOrder.awaitApplication(Duration.ofMillis(200)))
        .as("the wait ends only once the application's hook has run").isFalse();
  }
}
