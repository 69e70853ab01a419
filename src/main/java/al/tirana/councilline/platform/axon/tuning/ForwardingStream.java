package al.tirana.councilline.platform.axon.tuning;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;

/** An event stream that passes every call to the stream it wraps: a subclass overrides only what it changes. */
abstract class ForwardingStream implements BlockingStream<TrackedEventMessage<?>> {

  protected final BlockingStream<TrackedEventMessage<?>> stream;

  protected ForwardingStream(BlockingStream<TrackedEventMessage<?>> stream) {
    this.stream = stream;
  }

  @Override
  public Optional<TrackedEventMessage<?>> peek() {
    return stream.peek();
  }

  @Override
  public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
    return stream.hasNextAvailable(timeout, unit);
  }

  @Override
  public boolean hasNextAvailable() {
    return stream.hasNextAvailable();
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
