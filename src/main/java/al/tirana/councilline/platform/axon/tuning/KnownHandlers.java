package al.tirana.councilline.platform.axon.tuning;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.MultiEventHandlerInvoker;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.Segment;

/**
 * Axon's answer to "does this processor handle this event?", remembered per kind of event. A processor asks it
 * several times for every event (to form the batch, again in the unit of work, again for each invoker), and each
 * answer walks the handlers and their parameter resolvers through streams, in every processor (its cost is in
 * BENCHMARKS.md). The answer depends only on the message's class (a handler taking {@code @SequenceNumber}
 * wants a domain event), its payload type and whether it is a replay, as long as no handler parameter looks at a
 * message's content ({@code @MetaDataValue(required = true)} would; no handler here has one, which
 * KnownHandlersTest checks) and the segment decides nothing: the one segment (mask 0) that every processor here
 * has matches every event. Any other segment is asked of Axon each time.
 */
public final class KnownHandlers implements EventHandlerInvoker {

  private record Kind(Class<?> message, Class<?> payload, boolean replay) {
  }

  private final EventHandlerInvoker axon;
  private final boolean supportsReset;
  private final Map<Kind, Boolean> answers = new ConcurrentHashMap<>();

  private KnownHandlers(EventHandlerInvoker axon) {
    this.axon = axon;
    // fixed by the handlers' classes; Axon's multi-invoker asks it before every other question
    this.supportsReset = axon.supportsReset();
  }

  /**
   * The invoker Axon built for a processor, with each of its invokers' answers remembered too: Axon's multi-invoker
   * asks each of them again before handing it the event.
   */
  public static EventHandlerInvoker around(EventHandlerInvoker axon) {
    if (axon instanceof MultiEventHandlerInvoker multi) {
      List<EventHandlerInvoker> each = multi.delegates().stream().map(KnownHandlers::new)
          .map(EventHandlerInvoker.class::cast).toList();
      return new KnownHandlers(new MultiEventHandlerInvoker(each));
    }
    return new KnownHandlers(axon);
  }

  @Override
  public boolean canHandle(EventMessage<?> eventMessage, Segment segment) {
    if (segment.getMask() != 0) {
      return axon.canHandle(eventMessage, segment);
    }
    Kind kind = new Kind(eventMessage.getClass(), eventMessage.getPayloadType(), ReplayToken.isReplay(eventMessage));
    Boolean known = answers.get(kind);
    if (known == null) {
      known = axon.canHandle(eventMessage, segment);
      answers.put(kind, known);
    }
    return known;
  }

  @Override
  public boolean canHandleType(Class<?> payloadType) {
    return axon.canHandleType(payloadType);
  }

  @Override
  public void handle(EventMessage<?> message, Segment segment) throws Exception {
    axon.handle(message, segment);
  }

  @Override
  public boolean supportsReset() {
    return supportsReset;
  }

  @Override
  public void performReset() {
    axon.performReset();
  }

  @Override
  public <R> void performReset(R resetContext) {
    axon.performReset(resetContext);
  }

  @Override
  public void segmentReleased(Segment segment) {
    axon.segmentReleased(segment);
  }
}
