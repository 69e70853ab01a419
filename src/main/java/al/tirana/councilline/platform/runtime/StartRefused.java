package al.tirana.councilline.platform.runtime;

/**
 * A start-up the node refuses on purpose (a wrong or missing master key, say): the operator reads the message and
 * fixes the configuration, so the process ends with it alone rather than a stack trace.
 */
public final class StartRefused extends RuntimeException {

  public StartRefused(String message) {
    super(message);
  }
}
