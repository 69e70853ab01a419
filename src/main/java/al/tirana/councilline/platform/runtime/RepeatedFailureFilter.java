package al.tirana.councilline.platform.runtime;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Marker;

/**
 * Keeps the libraries that poll the database from flooding the log while it is away: Axon's event store reader,
 * db-scheduler's loops and Hikari log each failed attempt, with a stack trace, every second or few. Each of their
 * warnings and errors is logged once a minute per message; the first one of an outage always gets through. The
 * application's own pollers do the same through {@link OutageLog}.
 */
public final class RepeatedFailureFilter extends TurboFilter {

  private static final long REPEAT_NANOS = 60_000_000_000L;
  private static final Set<String> POLLERS = Set.of(
      "org.axonframework.eventsourcing.eventstore.EmbeddedEventStore",
      "com.github.kagkarlsson.scheduler.RunUntilShutdown",
      "com.github.kagkarlsson.scheduler.RunAndLogErrors",
      "com.zaxxer.hikari.pool.PoolBase",
      "com.zaxxer.hikari.pool.ProxyConnection");

  private final Map<String, Long> loggedAt = new ConcurrentHashMap<>();

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
                            Throwable error) {
    if (format == null || level == null || !level.isGreaterOrEqual(Level.WARN) || !POLLERS.contains(logger.getName())) {
      return FilterReply.NEUTRAL;
    }
    long now = System.nanoTime();
    String key = logger.getName() + '|' + format;
    Long previous = loggedAt.get(key);
    if (previous != null && now - previous < REPEAT_NANOS) {
      return FilterReply.DENY;
    }
    loggedAt.put(key, now);
    return FilterReply.NEUTRAL;
  }
}
