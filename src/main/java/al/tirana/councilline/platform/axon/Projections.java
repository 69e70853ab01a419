package al.tirana.councilline.platform.axon;

import al.tirana.councilline.platform.http.ApiException;
import al.tirana.councilline.platform.http.Http;
import al.tirana.councilline.platform.http.Operation;
import al.tirana.councilline.platform.http.Routes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.messaging.StreamableMessageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds a streaming projection from the event log while the node keeps serving: the processor stops, its
 * reset handler empties its tables and its token is reset in one transaction, then it replays and catches up.
 *
 * @param names the streaming projections that may be rebuilt, in the order they were registered
 *     ({@link AxonWiring#rebuildable()})
 */
public record Projections(Vertx vertx, Configuration axon, List<String> names) implements Routes {

  private static final Logger LOG = LoggerFactory.getLogger(Projections.class);

  public Projections {
    names = List.copyOf(names);
  }

  @Operation("rebuildProjection")
  private void rebuild(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    Http.reply(ctx, 202, start(name).map(v -> new JsonObject().put("projection", name).put("status", "REBUILDING")));
  }

  /** Resets the projection and returns once replay has started; the rate is logged when it has caught up. */
  public Future<Void> start(String name) {
    if (!names.contains(name)) {
      return Future.failedFuture(ApiException.notFound("Projection " + name));
    }
    return vertx.executeBlocking(() -> {
      StreamingEventProcessor processor = processor(name);
      long head = position(messageSource().createHeadToken());
      processor.shutDown();
      processor.resetTokens();
      long started = System.nanoTime();
      processor.start();
      LOG.info("Rebuilding projection {} from {} events", name, head);
      vertx.setPeriodic(250, timer -> {
        if (caughtUp(processor, head)) {
          vertx.cancelTimer(timer);
          double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
          LOG.info("Rebuilt projection {}: {} events in {} ({} events/s)", name, head,
              Duration.ofMillis((long) (seconds * 1000)), Math.round(head / seconds));
        }
      });
      return null;
    }, false);
  }

  /** Whether the projection has processed the log up to the given position (blocking-free, status only). */
  public boolean caughtUp(String name, long position) {
    return caughtUp(processor(name), position);
  }

  /** The lowest position any segment of the projection has processed, or -1 before it has processed anything. */
  public long position(String name) {
    return processor(name).processingStatus().values().stream()
        .mapToLong(status -> status.getCurrentPosition().orElse(-1))
        .min().orElse(-1);
  }

  /** Stops the projection on this node (its claim is released; another node or a restart resumes it). */
  public void stop(String name) {
    processor(name).shutDown();
  }

  /**
   * Axon keeps a replay "in progress" until an event newer than the reset point arrives, so progress is judged by
   * position: every segment has processed the log up to the head taken when the rebuild started.
   */
  private static boolean caughtUp(StreamingEventProcessor processor, long head) {
    if (processor.processingStatus().isEmpty()) {
      return false;
    }
    return processor.processingStatus().values().stream()
        .allMatch(status -> status.getCurrentPosition().orElse(-1) >= head);
  }

  private StreamingEventProcessor processor(String name) {
    return axon.eventProcessingConfiguration().eventProcessor(name, StreamingEventProcessor.class)
        .orElseThrow(() -> ApiException.notFound("Projection " + name));
  }

  @SuppressWarnings("unchecked")
  private StreamableMessageSource<?> messageSource() {
    return (StreamableMessageSource<?>) axon.eventStore();
  }

  private static long position(TrackingToken token) {
    OptionalLong position = token == null ? OptionalLong.empty() : token.position();
    return position.orElse(0L);
  }
}
