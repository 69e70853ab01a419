package al.tirana.councilline.platform.observe;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.UUID;
import java.util.WeakHashMap;

/**
 * The node's Prometheus registry, one per Vert.x instance (tests run several nodes in one JVM, each must count its
 * own). Vert.x reports HTTP, pool and JVM meters into it through its Micrometer integration; the application adds its
 * own meters ({@link OpsMetrics}). A Vert.x made elsewhere (without metrics options) still gets a registry with the
 * application's and the JVM's meters, only without Vert.x's own.
 */
public final class Telemetry {

  /** The timer of every command sent from HTTP, by type and outcome (a latency histogram). */
  public static final String COMMANDS = "councilline.commands";

  private static final Map<Vertx, PrometheusMeterRegistry> REGISTRIES =
      Collections.synchronizedMap(new WeakHashMap<>());

  private Telemetry() {
  }

  /**
   * Vert.x with its Micrometer metrics. HTTP requests are labelled by route template, method and status only: the
   * raw path would put tracking numbers into labels (one series per request, and numbers are not for everyone).
   */
  public static Vertx createVertx(VertxOptions options) {
    PrometheusMeterRegistry registry = newRegistry();
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .setRegistryName("councilline-" + UUID.randomUUID())
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
        .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE, Label.POOL_TYPE,
            Label.POOL_NAME));
    Vertx vertx = Vertx.builder().with(options.setMetricsOptions(metrics))
        .withMetrics(new MicrometerMetricsFactory(registry)).build();
    REGISTRIES.put(vertx, registry);
    return vertx;
  }

  public static PrometheusMeterRegistry registry(Vertx vertx) {
    return REGISTRIES.computeIfAbsent(vertx, v -> {
      PrometheusMeterRegistry registry = newRegistry();
      new ClassLoaderMetrics().bindTo(registry);
      new JvmMemoryMetrics().bindTo(registry);
      new JvmGcMetrics().bindTo(registry);
      new JvmThreadMetrics().bindTo(registry);
      new ProcessorMetrics().bindTo(registry);
      new UptimeMetrics().bindTo(registry);
      return registry;
    });
  }

  /** Latency histograms (buckets Prometheus can aggregate across nodes) for HTTP responses and commands only. */
  private static PrometheusMeterRegistry newRegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        if (id.getName().startsWith("vertx.http.server.response.time") || id.getName().equals(COMMANDS)) {
          return DistributionStatisticConfig.builder().percentilesHistogram(true).build().merge(config);
        }
        return config;
      }
    });
    return registry;
  }
}
