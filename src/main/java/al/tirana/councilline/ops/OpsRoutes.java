package al.tirana.councilline.ops;

import al.tirana.councilline.platform.http.ApiException;
import al.tirana.councilline.platform.config.Config;
import al.tirana.councilline.platform.http.DatabaseUnavailable;
import al.tirana.councilline.platform.http.Http;
import al.tirana.councilline.platform.http.Operation;
import al.tirana.councilline.platform.http.Routes;
import al.tirana.councilline.platform.live.LiveHub;
import al.tirana.councilline.platform.observe.ProcessorActivity;
import al.tirana.councilline.platform.observe.ProcessorLag;
import al.tirana.councilline.platform.observe.Readiness;
import al.tirana.councilline.platform.observe.Telemetry;
import java.util.List;
import java.util.Map;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations feature in one place: the control room's summary ({@code /api/ops/summary}), readiness
 * ({@code /ready}) and the Prometheus metrics ({@code /metrics}). Its projection ({@link OpsProjection}) and the
 * trace ids ({@link TraceIds}, {@link TraceCorrelation}) are installed by AxonSetup and HttpVerticle.
 */
final class OpsRoutes implements Routes {

  private static final Logger LOG = LoggerFactory.getLogger(OpsRoutes.class);

  private final PrometheusMeterRegistry registry;
  private final OpsMetrics metrics;
  private final Readiness readiness;
  private final OpsSummary summary;

  OpsRoutes(Vertx vertx, Config config, Pool pool, Configuration axon, boolean embeddedDatabase, LiveHub hub) {
    this.registry = Telemetry.registry(vertx);
    // every streaming processor of the node, whichever feature registered it
    List<String> streaming = axon.eventProcessingConfiguration().eventProcessors().entrySet().stream()
        .filter(processor -> processor.getValue() instanceof StreamingEventProcessor).map(Map.Entry::getKey)
        .sorted().toList();
    ProcessorLag lag = new ProcessorLag(pool, axon.serializer(), streaming);
    this.metrics = new OpsMetrics(registry, pool, lag, axon.getComponent(ProcessorActivity.class), hub,
        streaming, embeddedDatabase);
    this.readiness = new Readiness(vertx, pool, lag, name -> axon.eventProcessingConfiguration()
        .eventProcessor(name, StreamingEventProcessor.class)
        .map(processor -> processor.isRunning() && !processor.isError()).orElse(false), config.readyMaxLag());
    this.summary = new OpsSummary(pool);
  }

  @Operation("opsSummary")
  private void summary(RoutingContext ctx) {
    Http.reply(ctx, 200, summary.read());
  }

  @Operation("ready")
  private void ready(RoutingContext ctx) {
    readiness.check().onSuccess(state -> {
      if (state.getBoolean("ready")) {
        Http.send(ctx, 200, new JsonObject().put("status", "READY").put("processors", state.getJsonObject("processors")));
      } else {
        ctx.response().putHeader("Retry-After", "5");
        Http.send(ctx, 503, new JsonObject().put("status", "NOT_READY").put("error", "NOT_READY")
            .put("message", "This node cannot serve fresh reads yet").put("details", state.getJsonArray("reasons"))
            .put("processors", state.getJsonObject("processors")));
      }
    }).onFailure(err -> {
      if (!DatabaseUnavailable.causedBy(err)) {
        LOG.warn("Readiness could not be checked", err);
      }
      ctx.fail(DatabaseUnavailable.causedBy(err) ? DatabaseUnavailable.read()
          : new ApiException(503, "NOT_READY", "Readiness could not be checked"));
    });
  }

  /** The gauges read from the database are refreshed for each scrape, so a scrape always sees the present. */
  @Operation("metrics")
  private void metrics(RoutingContext ctx) {
    metrics.refresh().onComplete(done -> ctx.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        .end(registry.scrape()));
  }
}
