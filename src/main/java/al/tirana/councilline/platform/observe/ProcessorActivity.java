package al.tirana.councilline.platform.observe;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.messaging.Message;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.monitoring.NoOpMessageMonitorCallback;

/**
 * When each streaming processor of this node last handled an event: the monitor Axon calls around every event a
 * processor handles only stamps the time, so it costs next to nothing per event.
 */
public final class ProcessorActivity {

  private final Map<String, AtomicLong> lastHandled = new ConcurrentHashMap<>();

  public MessageMonitor<Message<?>> monitor(String processor) {
    AtomicLong last = lastHandled.computeIfAbsent(processor, name -> new AtomicLong());
    return message -> {
      last.set(System.currentTimeMillis());
      return NoOpMessageMonitorCallback.INSTANCE;
    };
  }

  /** Epoch milliseconds of the last event the processor handled on this node, 0 if none yet. */
  public long lastHandledMillis(String processor) {
    AtomicLong last = lastHandled.get(processor);
    return last == null ? 0 : last.get();
  }
}
