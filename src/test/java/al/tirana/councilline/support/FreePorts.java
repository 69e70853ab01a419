package al.tirana.councilline.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for servers that a test or the benchmark starts a moment later. They come from below Linux's ephemeral
 * range (32768 and up): a port the kernel hands out with {@code new ServerSocket(0)} is also what it hands to the
 * next outgoing connection, which had taken it before the server bound it ("Address already in use").
 */
public final class FreePorts {

  private static final int LOWEST = 20_000;
  private static final int HIGHEST = 32_000;
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  private FreePorts() {
  }

  /** A port nothing listens on now, never handed out before by this process. */
  public static int pick() throws IOException {
    for (int attempt = 0; attempt < 1_000; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(LOWEST, HIGHEST);
      if (!HANDED_OUT.add(port)) {
        continue;
      }
      try (ServerSocket probe = new ServerSocket(port)) {
        return probe.getLocalPort();
      } catch (IOException inUse) {
        // taken by another process: try the next one
      }
    }
    throw new IOException("No free port between " + LOWEST + " and " + HIGHEST);
  }
}
