package al.tirana.councilline.platform.runtime;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JVM options a node is meant to run with (README, docker-compose.yml), and a warning at start-up when one is
 * missing, since nothing else would tell an operator that the node runs slower than it should.
 */
public final class JvmOptions {

  /**
   * HotSpot leaves every method of more than 8,000 bytes of bytecode to the interpreter. The request-body schema
   * check runs one on every submission (vertx-json-schema's {@code SchemaValidatorImpl.validate}, 9,290 bytes):
   * interpreted, it took 4.4 % of a loaded node's CPU samples by itself, compiled 0.4 %.
   */
  public static final String COMPILE_HUGE_METHODS = "-XX:-DontCompileHugeMethods";

  private static final Logger LOG = LoggerFactory.getLogger(JvmOptions.class);

  private JvmOptions() {
  }

  /** Whether this JVM compiles huge methods; a JVM without HotSpot's option is taken to (it has no such limit). */
  public static boolean compilesHugeMethods() {
    try {
      return !Boolean.parseBoolean(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
          .getVMOption("DontCompileHugeMethods").getValue());
    } catch (IllegalArgumentException notHotSpot) {
      return true;
    }
  }

  public static void warnIfMissing() {
    if (!compilesHugeMethods()) {
      LOG.warn("This JVM leaves huge methods to the interpreter, the request validator's among them; start it with {}"
          + " (as the README does)", COMPILE_HUGE_METHODS);
    }
  }
}
