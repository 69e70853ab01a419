package al.tirana.councilline.ops;

import al.tirana.councilline.platform.http.ApiException;
import al.tirana.councilline.platform.http.DatabaseUnavailable;
import al.tirana.councilline.platform.live.LiveHub;
import al.tirana.councilline.platform.observe.ProcessorActivity;
import al.tirana.councilline.platform.observe.ProcessorLag;
import al.tirana.councilline.shared.Status;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application's own meters: commands by type and outcome, and gauges read from the database just before each
 * scrape (processor lag, outbox sizes, SLA states, paused webhook subscribers, the database itself) or from this
 * node (live subscribers, when each processor last handled an event). Labels hold only names from closed sets:
 * command and processor names, statuses, priorities, streams; never a tracking number or anything of a citizen.
 */
public final class OpsMetrics {

  private static final Logger LOG = LoggerFactory.getLogger(OpsMetrics.class);
  /** Outboxes by name and table; a table this version does not have is left out. */
  private static final Map<String, String> OUTBOXES = Map.of("mail", "mail_outbox", "webhook", "webhook_outbox");

  private final Pool pool;
  private final ProcessorLag lag;
  private final ProcessorActivity activity;
  private final LiveHub hub;
  private final List<String> processors;
  private final MultiGauge processorLag;
  private final MultiGauge processorLastEvent;
  private final MultiGauge subscribers;
  private final MultiGauge outboxSize;
  private final MultiGauge outboxOldest;
  private final MultiGauge sla;
  private final MultiGauge webhookSubscribers;
  private final AtomicInteger databaseUp = new AtomicInteger();

  public OpsMetrics(MeterRegistry registry, Pool pool, ProcessorLag lag, ProcessorActivity activity, LiveHub hub,
                    List<String> processors, boolean embeddedDatabase) {
    this.pool = pool;
    this.lag = lag;
    this.activity = activity;
    this.hub = hub;
    this.processors = processors;
    processorLag = gauges(registry, "councilline.processor.lag", "events",
        "Events the streaming processor is behind the head of the event log");
    processorLastEvent = gauges(registry, "councilline.processor.last.event.timestamp", "seconds",
        "When the processor last handled an event on this node (Unix time)");
    subscribers = gauges(registry, "councilline.live.subscribers", null,
        "Live subscribers on this node by stream and transport");
    // a node whose places are all taken answers new live subscribers 503 (LIVE_MAX_SUBSCRIBERS)
    io.micrometer.core.instrument.Gauge.builder("councilline.live.places.taken", hub, LiveHub::admittedPlaces)
        .description("Places taken by live subscribers on this node (one with a connection of its own takes two)").register(registry);
    io.micrometer.core.instrument.Gauge.builder("councilline.live.places.max", hub, LiveHub::maxSubscribers)
        .description("Places for live subscribers on this node (LIVE_MAX_SUBSCRIBERS)").register(registry);
    outboxSize = gauges(registry, "councilline.outbox.messages", null, "Messages in the outbox by status");
    outboxOldest = gauges(registry, "councilline.outbox.oldest.pending.age", "seconds",
        "Age of the oldest message still waiting to be sent");
    sla = gauges(registry, "councilline.sla.requests", null, "Open requests by priority and SLA state");
    // a paused subscriber gets no new changes until an admin resumes it: worth an alert, not only a line in a listing
    webhookSubscribers = gauges(registry, "councilline.webhook.subscribers", null,
        "Webhook subscribers by state: active, or paused because their backlog was full");
    io.micrometer.core.instrument.Gauge.builder("councilline.database.up", databaseUp, AtomicInteger::get)
        .tag("embedded", String.valueOf(embeddedDatabase))
        .description("1 while the database answers, 0 when it does not").register(registry);
  }

  /** A gauge with one value per set of labels, in {@code baseUnit} (none when null). */
  private static MultiGauge gauges(MeterRegistry registry, String name, String baseUnit, String description) {
    return MultiGauge.builder(name).baseUnit(baseUnit).description(description).register(registry);
  }

  /** Re-reads every gauge; a database that does not answer sets database_up to 0 and leaves the others as they were. */
  public Future<Void> refresh() {
    subscribers();
    processorLastEvent.register(processors.stream().map(p -> MultiGauge.Row.of(Tags.of("processor", p),
        activity.lastHandledMillis(p) / 1000.0)).toList(), true);
    return lag.lags()
        .compose(lags -> {
          processorLag.register(lags.entrySet().stream()
              .map(e -> MultiGauge.Row.of(Tags.of("processor", e.getKey()), e.getValue())).toList(), true);
          return sla();
        })
        .compose(v -> outboxes())
        .compose(v -> webhookSubscribers())
        .onSuccess(v -> databaseUp.set(1))
        .recover(err -> {
          databaseUp.set(0);
          if (!DatabaseUnavailable.causedBy(err)) {
            LOG.warn("Could not read the metrics from the database", err);
          }
          return Future.succeededFuture();
        });
  }

  private void subscribers() {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    hub.subscribersByTransport().forEach((stream, byTransport) -> byTransport.forEach((transport, count) ->
        rows.add(MultiGauge.Row.of(Tags.of("stream", stream, "transport", transport), count))));
    subscribers.register(rows, true);
  }

  private Future<Void> sla() {
    return pool.query("SELECT priority, sla_state, count(*) AS n FROM inbox_item WHERE status IN " + Status.OPEN_SQL
        + " GROUP BY priority, sla_state").execute().map(result -> {
          List<MultiGauge.Row<?>> rows = new ArrayList<>();
          for (Row row : result) {
            rows.add(MultiGauge.Row.of(Tags.of("priority", row.getString("priority"), "state",
                row.getString("sla_state")), row.getLong("n")));
          }
          sla.register(rows, true);
          return null;
        });
  }

  private Future<Void> webhookSubscribers() {
    return pool.query("SELECT count(*) FILTER (WHERE paused_at IS NULL) AS active, count(*) FILTER (WHERE paused_at "
        + "IS NOT NULL) AS paused FROM webhook_subscription WHERE deleted_at IS NULL").execute().map(result -> {
          Row row = result.iterator().next();
          webhookSubscribers.register(List.of(MultiGauge.Row.of(Tags.of("state", "active"), row.getLong("active")),
              MultiGauge.Row.of(Tags.of("state", "paused"), row.getLong("paused"))), true);
          return null;
        });
  }

  private Future<Void> outboxes() {
    return pool.query("SELECT relname FROM pg_class WHERE relkind = 'r' AND relname IN ('"
        + String.join("', '", OUTBOXES.values()) + "') AND pg_table_is_visible(oid)").execute().compose(tables -> {
          List<MultiGauge.Row<?>> sizes = new ArrayList<>();
          List<MultiGauge.Row<?>> oldest = new ArrayList<>();
          Future<Void> all = Future.succeededFuture();
          for (Row table : tables) {
            String name = OUTBOXES.entrySet().stream().filter(e -> e.getValue().equals(table.getString(0)))
                .findFirst().orElseThrow().getKey();
            all = all.compose(v -> pool.query("SELECT status, count(*) AS n, extract(epoch FROM now() - "
                + "min(created_at)) AS age FROM " + table.getString(0) + " GROUP BY status").execute().map(rows -> {
                  double pending = 0;
                  for (Row row : rows) {
                    sizes.add(MultiGauge.Row.of(Tags.of("outbox", name, "status", row.getString("status")),
                        row.getLong("n")));
                    if ("PENDING".equals(row.getString("status"))) {
                      pending = row.getNumeric("age").doubleValue();
                    }
                  }
                  oldest.add(MultiGauge.Row.of(Tags.of("outbox", name), pending));
                  return null;
                }));
          }
          return all.onSuccess(v -> {
            outboxSize.register(sizes, true);
            outboxOldest.register(oldest, true);
          });
        });
  }
}
