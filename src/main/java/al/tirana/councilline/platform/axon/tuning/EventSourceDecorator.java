package al.tirana.councilline.platform.axon.tuning;

import java.time.Duration;
import java.time.Instant;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;

/** The event store with its streams changed and its tokens as they are. */
abstract class EventSourceDecorator implements StreamableMessageSource<TrackedEventMessage<?>> {

  protected final StreamableMessageSource<TrackedEventMessage<?>> delegate;

  EventSourceDecorator(StreamableMessageSource<TrackedEventMessage<?>> delegate) {
    this.delegate = delegate;
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
}
