package al.tirana.councilline.platform.axon.tuning;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;

/**
 * The event store as seen by a paced processor: it takes at most one batch of new events per interval. An event
 * that arrives after a quiet spell is taken at once, so a lone submission is not delayed; under load the events of
 * one interval share one transaction instead of one each, which is what a processor costs per submission. Events
 * older than the interval are a backlog (a rebuild, a restart, a processor that fell behind) and are read without
 * waiting, so replays run at full speed.
 */
public final class CoalescingEventSource extends EventSourceDecorator {

  private final Duration interval;

  public CoalescingEventSource(StreamableMessageSource<TrackedEventMessage<?>> delegate, Duration interval) {
    super(delegate);
    this.interval = interval;
  }

  @Override
  public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken token) {
    return new Coalescing(delegate.openStream(token));
  }

  private final class Coalescing extends ForwardingStream {

    private long lastBatch = System.nanoTime() - interval.toNanos();

    private Coalescing(BlockingStream<TrackedEventMessage<?>> stream) {
      super(stream);
    }

    /** The processor's wait for its next batch: the only call that waits for the batch to fill. */
    @Override
    public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
      if (!stream.hasNextAvailable(timeout, unit)) {
        return false;
      }
      long rest = lastBatch + interval.toNanos() - System.nanoTime();
      if (rest > 0 && isNew(stream.peek())) {
        TimeUnit.NANOSECONDS.sleep(rest);
      }
      lastBatch = System.nanoTime();
      return true;
    }

    private boolean isNew(Optional<TrackedEventMessage<?>> next) {
      return next.isPresent() && next.get().getTimestamp().isAfter(Instant.now().minus(interval));
    }
  }
}
