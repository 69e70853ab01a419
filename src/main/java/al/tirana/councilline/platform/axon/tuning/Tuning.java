package al.tirana.councilline.platform.axon.tuning;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.axonframework.commandhandling.AsynchronousCommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * The one seam between CouncilLine and the parts of Axon it replaces for speed. Everything in this package is such a
 * replacement, and nothing outside it builds one:
 *
 * <ul>
 *   <li>{@link GroupCommitCommandBus}: commands on worker threads, submissions that wait for a worker sharing one
 *   transaction and one commit.</li>
 *   <li>{@link PrefetchingEventSource}: a streaming processor reads its next batches on a thread of its own, so a
 *   replay's reads overlap its writes.</li>
 *   <li>{@link CoalescingEventSource}: a processor takes what has arrived at most once per pace, so a burst becomes one
 *   transaction rather than one per event.</li>
 *   <li>{@link KnownHandlers}: events no handler of a processor handles are skipped without being deserialized.</li>
 *   <li>{@link CommandTargets}: the target aggregate of a command type is looked up once, not per command.</li>
 *   <li>{@link CachingJacksonSerializer}: a payload type's class is resolved once, not per event.</li>
 * </ul>
 *
 * <p>With {@code AXON_TUNING=off} ({@link #axonDefaults}) none of them is used: Axon's own asynchronous command bus
 * on a pool of {@code COMMAND_THREADS} workers, processors that read the event store directly, Axon's resolver and
 * serializer. Behaviour is the same, only slower, so a suspected tuning bug or an Axon upgrade can be checked
 * against the framework's defaults. What each piece buys is measured in BENCHMARKS.md.
 */
public abstract class Tuning {

  /** How soon a streaming processor takes what has arrived, when tuned. */
  public enum Pace {
    /** Change logs that live readers follow: soon enough that nobody watching a page notices. */
    LIVE(Duration.ofMillis(25)),
    /** Read models nobody waits on by the millisecond. */
    BACKGROUND(Duration.ofMillis(250));

    private final Duration wait;

    Pace(Duration wait) {
      this.wait = wait;
    }
  }

  /** A command bus and how to stop its workers. */
  public record Bus(SimpleCommandBus commandBus, Runnable shutdown) {
  }

  /** Most submissions one transaction takes; groups form only when submissions wait for a worker. */
  private static final int LARGEST_GROUP = 32;

  /**
   * How long a submission waits for the first submission worker before a standing-by one takes it: longer than the
   * first worker's turn usually takes at moderate load, well below the latency bound on a submission.
   */
  private static final Duration STANDBY_PATIENCE = Duration.ofMillis(20);

  public static Tuning of(boolean tuned) {
    return tuned ? new Tuned() : axonDefaults();
  }

  public static Tuning axonDefaults() {
    return new AxonDefaults();
  }

  private final boolean enabled;

  private Tuning(boolean enabled) {
    this.enabled = enabled;
  }

  /** Whether this is the tuned set rather than Axon's defaults. */
  public final boolean enabled() {
    return enabled;
  }

  public abstract Serializer serializer(ObjectMapper mapper);

  /**
   * @param groupable which commands may share a transaction with others of their kind (those that create a new
   *                  aggregate)
   */
  public abstract Bus commandBus(int creationThreads, int changeThreads, Predicate<CommandMessage<?>> groupable);

  public abstract EventHandlerInvoker invoker(EventHandlerInvoker axon);

  public abstract StreamableMessageSource<TrackedEventMessage<?>> source(
      StreamableMessageSource<TrackedEventMessage<?>> eventStore, String processor, Pace pace, int batch);

  /** The resolver to register instead of Axon's, if any. */
  public abstract Optional<CommandTargetResolver> commandTargets();

  private static final class Tuned extends Tuning {

    Tuned() {
      super(true);
    }

    @Override
    public Serializer serializer(ObjectMapper mapper) {
      return new CachingJacksonSerializer(JacksonSerializer.builder().objectMapper(mapper));
    }

    @Override
    public Bus commandBus(int creationThreads, int changeThreads, Predicate<CommandMessage<?>> groupable) {
      GroupCommitCommandBus bus = new GroupCommitCommandBus(creationThreads, STANDBY_PATIENCE, changeThreads,
          LARGEST_GROUP, groupable);
      return new Bus(bus, bus::shutdown);
    }

    @Override
    public EventHandlerInvoker invoker(EventHandlerInvoker axon) {
      return KnownHandlers.around(axon);
    }

    /** Reads ahead the next batch and the one after it, and hands them over at the processor's pace. */
    @Override
    public StreamableMessageSource<TrackedEventMessage<?>> source(
        StreamableMessageSource<TrackedEventMessage<?>> eventStore, String processor, Pace pace, int batch) {
      return new CoalescingEventSource(new PrefetchingEventSource(eventStore, processor, 2 * batch), pace.wait);
    }

    @Override
    public Optional<CommandTargetResolver> commandTargets() {
      return Optional.of(new CommandTargets());
    }
  }

  private static final class AxonDefaults extends Tuning {

    AxonDefaults() {
      super(false);
    }

    @Override
    public Serializer serializer(ObjectMapper mapper) {
      return JacksonSerializer.builder().objectMapper(mapper).build();
    }

    /** Axon's asynchronous bus: each command alone, in its own unit of work, on a worker, never on an event loop. */
    @Override
    public Bus commandBus(int creationThreads, int changeThreads, Predicate<CommandMessage<?>> groupable) {
      AtomicInteger count = new AtomicInteger();
      ExecutorService workers = Executors.newFixedThreadPool(creationThreads + changeThreads, work -> {
        Thread worker = new Thread(work, "command-" + count.incrementAndGet());
        worker.setDaemon(true);
        return worker;
      });
      AsynchronousCommandBus bus = AsynchronousCommandBus.builder().executor(workers).build();
      return new Bus(bus, bus::shutdown);
    }

    @Override
    public EventHandlerInvoker invoker(EventHandlerInvoker axon) {
      return axon;
    }

    @Override
    public StreamableMessageSource<TrackedEventMessage<?>> source(
        StreamableMessageSource<TrackedEventMessage<?>> eventStore, String processor, Pace pace, int batch) {
      return eventStore;
    }

    @Override
    public Optional<CommandTargetResolver> commandTargets() {
      return Optional.empty();
    }
  }
}
