package al.tirana.councilline.platform.axon.tuning;

import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;

/**
 * The event store as seen by a streaming processor, read ahead on a thread of the stream's own. A processor that is
 * behind (a rebuild, a restart) reads its events itself, in the same thread that handles and writes them, so it
 * alternately waits for the event store's query and for its own writes; here the next events are read, and their
 * tokens worked out, while the processor handles the batch before them. A processor that is live gets the events
 * as before, one hand-over later.
 */
public final class PrefetchingEventSource extends EventSourceDecorator {

  private static final long POLL_MS = 100;
  private static final long CLOSE_WAIT_MS = 10_000;

  private final String name;
  private final int capacity;

  /** {@code capacity} events at most are read ahead; {@code name} names the reading thread. */
  public PrefetchingEventSource(StreamableMessageSource<TrackedEventMessage<?>> delegate, String name,
                                int capacity) {
    super(delegate);
    this.name = name;
    this.capacity = capacity;
  }

  @Override
  public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken token) {
    return new Prefetching(delegate.openStream(token));
  }

  /**
   * The processor's side of the stream. Only the reading thread touches the underlying stream, which is not made
   * for two threads; a failure there (the database gone) ends the reading and is thrown to the processor at its
   * next call, and the processor then closes this stream and opens a new one, as it would have on its own.
   */
  private final class Prefetching implements BlockingStream<TrackedEventMessage<?>> {

    private final BlockingStream<TrackedEventMessage<?>> stream;
    private final BlockingQueue<TrackedEventMessage<?>> ahead = new ArrayBlockingQueue<>(capacity);
    private final Thread reader;
    private volatile boolean closed;
    private volatile RuntimeException failure;
    private TrackedEventMessage<?> next;

    private Prefetching(BlockingStream<TrackedEventMessage<?>> stream) {
      this.stream = stream;
      this.reader = new Thread(this::read, "prefetch[" + name + "]");
      reader.setDaemon(true);
      reader.start();
    }

    private void read() {
      try {
        TrackedEventMessage<?> message = null;
        while (!closed) {
          if (message == null && stream.hasNextAvailable((int) POLL_MS, TimeUnit.MILLISECONDS)) {
            message = stream.nextAvailable();
          }
          if (message != null && ahead.offer(message, POLL_MS, TimeUnit.MILLISECONDS)) {
            message = null;
          }
        }
      } catch (InterruptedException e) {
        failure = new IllegalStateException("Reading ahead of " + name + " was interrupted", e);
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        failure = e;
      } finally {
        if (!closed && failure == null) {
          // an Error ends the thread (and is logged as uncaught); the processor must not wait on it forever
          failure = new IllegalStateException("Reading ahead of " + name + " ended unexpectedly");
        }
        stream.close();
      }
    }

    private void throwIfFailed() {
      RuntimeException e = failure;
      if (e != null) {
        throw e;
      }
    }

    @Override
    public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
      if (next == null) {
        next = ahead.poll(timeout, unit);
      }
      if (next == null) {
        throwIfFailed();
      }
      return next != null;
    }

    @Override
    public boolean hasNextAvailable() {
      if (next == null) {
        next = ahead.poll();
      }
      if (next == null) {
        throwIfFailed();
      }
      return next != null;
    }

    @Override
    public Optional<TrackedEventMessage<?>> peek() {
      hasNextAvailable();
      return Optional.ofNullable(next);
    }

    @Override
    public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
      while (!hasNextAvailable((int) POLL_MS, TimeUnit.MILLISECONDS)) {
        if (closed) {
          throw new IllegalStateException("The stream of " + name + " is closed");
        }
      }
      TrackedEventMessage<?> message = next;
      next = null;
      return message;
    }

    @Override
    public void close() {
      closed = true;
      // the reader ends within a poll, or once a read in progress returns; until then it holds a connection
      try {
        reader.join(CLOSE_WAIT_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
