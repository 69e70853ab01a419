package al.tirana.councilline.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Ports picked for servers started later")
class FreePortsTest {

  @Test
  @DisplayName("are free, never repeat, and lie below the range outgoing connections take their ports from")
  void belowTheEphemeralRange() throws Exception {
    Set<Integer> picked = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      int port = FreePorts.pick();
      assertThat(port).isBetween(20_000, 32_767);
      assertThat(picked.add(port)).as("port %d again", port).isTrue();
    }
    int port = FreePorts.pick();
    try (ServerSocket server = new ServerSocket(port)) {
      assertThat(server.getLocalPort()).isEqualTo(port);
    }
  }
}
