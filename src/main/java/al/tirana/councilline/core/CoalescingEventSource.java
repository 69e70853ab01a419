package al.tirana.councilline.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;

/**
 * The event store as seen by a processor nobody watches live (statistics, the hash chain, the mail outbox). Once
 * such a processor has caught up, it waits a moment after the next event arrives before taking its batch, so that
 * under load it commits one transaction per moment instead of one per submission. A backlog (a rebuild, a restart)
 * is read without waiting, so replays run at full speed.
 */
public final class CoalescingEventSource implements StreamableMessageSource<TrackedEventMessage<?>> {

  private final StreamableMessageSource<TrackedEventMessage<?>> delegate;
  private final long waitMillis;

  public CoalescingEventSource(StreamableMessageSource<TrackedEventMessage<?>> delegate, Duration wait) {
    this.delegate = delegate;
    this.waitMillis = wait.toMillis();
  }

  @Override
  public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken token) {
    return new Coalescing(delegate.openStream(token));
  }

  @Override
  public TrackingToken createTailToken() {
    return delegate.createTailToken();
  }

  @Override
  public TrackingToken createHeadToken() {
    return delegate.createHeadToken();
  }

  @Override
  public TrackingToken createTokenAt(Instant dateTime) {
    return delegate.createTokenAt(dateTime);
  }

  @Override
  public TrackingToken createTokenSince(Duration duration) {
    return delegate.createTokenSince(duration);
  }

  private final class Coalescing implements BlockingStream<TrackedEventMessage<?>> {

    private final BlockingStream<TrackedEventMessage<?>> stream;

    private Coalescing(BlockingStream<TrackedEventMessage<?>> stream) {
      this.stream = stream;
    }

    /** The processor's wait for its next batch: the only call that waits for the batch to fill. */
    @Override
    public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
      if (stream.hasNextAvailable()) {
        return true;
      }
      if (!stream.hasNextAvailable(timeout, unit)) {
        return false;
      }
      Thread.sleep(waitMillis);
      return true;
    }

    @Override
    public boolean hasNextAvailable() {
      return stream.hasNextAvailable();
    }

    @Override
    public Optional<TrackedEventMessage<?>> peek() {
      return stream.peek();
    }

    @Override
    public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
      return stream.nextAvailable();
    }

    @Override
    public void close() {
      stream.close();
    }

    @Override
    public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
      stream.skipMessagesWithPayloadTypeOf(ignoredMessage);
    }

    @Override
    public boolean setOnAvailableCallback(Runnable callback) {
      return stream.setOnAvailableCallback(callback);
    }
  }
}
