package al.tirana.councilline.platform.axon;

import al.tirana.councilline.platform.axon.tuning.Tuning;
import al.tirana.councilline.platform.observe.ProcessorActivity;
import al.tirana.councilline.platform.observe.TraceCorrelation;
import org.axonframework.eventhandling.TrackingEventProcessor;
import al.tirana.councilline.platform.config.Config;
import al.tirana.councilline.platform.db.Database;
import al.tirana.councilline.platform.json.Json;
import al.tirana.councilline.platform.keys.MasterKey;
import al.tirana.councilline.platform.sql.Sql;
import java.lang.management.ManagementFactory;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.lock.NullLockFactory;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.eventhandling.DirectEventProcessingStrategy;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventProcessorSpanFactory;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;

/**
 * Axon Framework without Spring, as every feature module sees it: a JDBC event store on PostgreSQL with JSON
 * payloads, commands handled on workers ({@link Tuning}), aggregates guarded by optimistic concurrency (the event
 * table's unique key), the read models that commands answer with kept in the command's own transaction, and the
 * other read models kept by streaming processors whose tokens commit with their rows. A feature registers its
 * aggregates, components and projections here; {@link #start()} then starts Axon.
 */
public final class AxonWiring {

  private static final long FETCH_DELAY_MS = 50;

  /**
   * Events per processor transaction and per event-store read. Live, batches are as small as what has arrived; on a
   * rebuild, larger batches mean fewer commits, reads and token updates per event.
   */
  private static final int BATCH = 1_000;

  /** Nodes started in this JVM so far: a second one (as the tests run a peer) needs token claims of its own. */
  private static final AtomicInteger NODES_IN_THIS_JVM = new AtomicInteger();

  private final Config config;
  private final Database database;
  private final MasterKey masterKey;
  private final Tuning tuning;
  private final JdbcTransactions transactions;
  private final Sql sql;
  private final Serializer serializer;
  /** Whose the processors' token claims are. */
  private final String owner;
  private final DefaultConfigurer configurer;
  private final List<String> rebuildable = new ArrayList<>();
  private final List<MessageHandlerInterceptor<? super CommandMessage<?>>> interceptors = new ArrayList<>();
  private Predicate<CommandMessage<?>> groupable = command -> false;

  public AxonWiring(Config config, Database database, MasterKey masterKey) {
    this.config = config;
    this.database = database;
    this.masterKey = masterKey;
    this.tuning = Tuning.of(config.axonTuning());
    this.transactions = new JdbcTransactions(database.dataSource());
    this.sql = new Sql(transactions);
    this.serializer = tuning.serializer(Json.mapper().copy());
    // Axon names a claim's owner by the JVM (pid@host): two nodes in one JVM would each take the other's claims for
    // their own and handle the same events at once. The first node keeps that name, so that a node restarted in
    // its container (the same pid and host) takes its claims back at once.
    int node = NODES_IN_THIS_JVM.incrementAndGet();
    this.owner = ManagementFactory.getRuntimeMXBean().getName() + (node == 1 ? "" : "#" + node);
    this.configurer = (DefaultConfigurer) DefaultConfigurer.defaultConfiguration();
    configurer
        .configureSerializer(c -> serializer)
        .configureMessageSerializer(c -> serializer)
        .configureEventSerializer(c -> serializer)
        .configureTransactionManager(c -> transactions)
        .configureEventStore(this::eventStore);
    // when each streaming processor last handled an event, for the metrics
    configurer.registerComponent(ProcessorActivity.class, c -> new ProcessorActivity())
        .configureMessageMonitor(TrackingEventProcessor.class,
            (c, type, name) -> c.getComponent(ProcessorActivity.class).monitor(name));
    tuning.commandTargets().ifPresent(targets -> configurer.registerComponent(CommandTargetResolver.class,
        c -> targets));
    // Axon copies correlation data from each handled message into every message made while handling it. No command
    // bus here carries it, and the processors make one result message per event and nothing else: deserializing
    // each event's metadata for it took a noticeable share of a projection rebuild's CPU.
    configurer.configureCorrelationDataProviders(c -> List.of());
    configurer.eventProcessing(processing -> {
      // A handler that fails fails its whole batch: the transaction rolls back, the token stays where it was and
      // the processor retries, so no event is ever skipped (Axon's default only logs the failure and moves on).
      processing.registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance());
      processing.registerTokenStore(c -> tokenStore());
    });
  }

  public Config config() {
    return config;
  }

  public Database database() {
    return database;
  }

  public MasterKey masterKey() {
    return masterKey;
  }

  public JdbcTransactions transactions() {
    return transactions;
  }

  public Sql sql() {
    return sql;
  }

  public Serializer serializer() {
    return serializer;
  }

  /** Whether Axon runs with this package's replacements ({@code AXON_TUNING}). */
  public boolean tuned() {
    return tuning.enabled();
  }

  /**
   * An event-sourced aggregate with no in-process lock: two commands on one aggregate load the same version, and
   * the loser's append violates the (aggregate_identifier, sequence_number) key and is refused with 409, on one
   * node or across nodes alike.
   */
  public AxonWiring aggregate(Class<?> type) {
    configurer.configureAggregate(optimistic(type));
    return this;
  }

  public <T> AxonWiring component(Class<T> type, Function<Configuration, ? extends T> component) {
    configurer.registerComponent(type, component);
    return this;
  }

  public AxonWiring upcaster(Function<Configuration, EventUpcaster> upcaster) {
    configurer.registerEventUpcaster(upcaster);
    return this;
  }

  public AxonWiring deadlineManager(Function<Configuration, DeadlineManager> deadlines) {
    configurer.configureDeadlineManager(deadlines);
    return this;
  }

  /** Runs around every command, in the command's own unit of work and transaction. */
  public AxonWiring commandInterceptor(MessageHandlerInterceptor<? super CommandMessage<?>> interceptor) {
    interceptors.add(interceptor);
    return this;
  }

  /** Commands that create a new aggregate and may share a transaction with others of their kind. */
  public AxonWiring groupable(Predicate<CommandMessage<?>> commands) {
    groupable = groupable.or(commands);
    return this;
  }

  /** A read model kept in the command's own transaction, so the command can answer with it. */
  public AxonWiring subscribing(String name, Function<Configuration, Object> projection) {
    configurer.eventProcessing(processing -> {
      processing.registerEventProcessor(name, (n, c, invoker) -> subscribingProcessor(n, c, invoker));
      processing.registerEventHandler(projection);
    });
    return this;
  }

  /**
   * A read model kept by a streaming processor, at its own pace; a rebuildable one can be replayed from the event
   * log while the node serves ({@link Projections}).
   */
  public AxonWiring streaming(String name, Tuning.Pace pace, boolean rebuildable,
                              Function<Configuration, Object> projection) {
    if (rebuildable) {
      this.rebuildable.add(name);
    }
    configurer.eventProcessing(processing -> streaming(processing, name, pace, projection));
    return this;
  }

  /** The streaming read models that may be rebuilt, in the order they were registered. */
  public List<String> rebuildable() {
    return List.copyOf(rebuildable);
  }

  public Configuration start() {
    Tuning.Bus bus = tuning.commandBus(config.submissionThreads(), config.commandThreads(), groupable);
    // Commands carry no outer transaction: the unit of work's own connection commits them (JdbcTransactions).
    configurer.configureCommandBus(c -> bus.commandBus());
    interceptors.forEach(bus.commandBus()::registerHandlerInterceptor);
    // the trace id of the HTTP request that sent a command goes into its events' metadata and its log lines
    TraceCorrelation.install(bus.commandBus());
    configurer.onShutdown(bus.shutdown());
    return configurer.start();
  }

  /**
   * The JDBC event store. A node learns at once of events it appended itself; events appended by another node it
   * finds when it next polls, so the poll interval bounds how late another node's change reaches this node's
   * projections (Axon's default is a second).
   */
  private EventStore eventStore(Configuration c) {
    EmbeddedEventStore store = EmbeddedEventStore.builder()
        .storageEngine(JdbcEventStorageEngine.builder()
            .connectionProvider(transactions)
            .transactionManager(new AutocommitReads(transactions))
            .eventSerializer(serializer)
            .snapshotSerializer(serializer)
            .upcasterChain(c.upcasterChain())
            .schema(eventSchema())
            .dataType(byte[].class)
            .persistenceExceptionResolver(AxonWiring::isDuplicateKey)
            // An append transaction may commit after later ones: its global index stays a known gap, and
            // processors wait for it (up to a minute) instead of skipping it.
            .batchSize(BATCH)
            .gapTimeout(60_000)
            .maxGapOffset(10_000)
            .gapCleaningThreshold(250)
            .build())
        .messageMonitor(c.messageMonitor(EmbeddedEventStore.class, "eventStore"))
        .fetchDelay(FETCH_DELAY_MS)
        .build();
    c.onShutdown(store::shutDown);
    return store;
  }

  /**
   * One segment per projection: a single writer keeps each change log's positions in commit order, which is what
   * lets live streams resume "after position N" without missing anything. Nodes share the segment through the
   * token store; whichever holds the claim does the work. A tracking processor waits on the event stream itself,
   * so it is woken the moment events arrive; Axon's pooled processor cannot be woken by this event store and
   * polls every 500 ms instead, which made every live update wait 250 ms on average.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private void streaming(EventProcessingConfigurer processing, String name, Tuning.Pace pace,
                         Function<Configuration, Object> projection) {
    processing.registerEventProcessor(name, (n, c, invoker) -> tracking(n, c, tuning.invoker(invoker),
            tuning.source((StreamableMessageSource) c.eventStore(), n, pace, BATCH)))
        .registerEventHandler(projection);
  }

  /** In the command's own transaction, as Axon's registerSubscribingEventProcessor(name) builds it (4.13). */
  private SubscribingEventProcessor subscribingProcessor(String name, Configuration c, EventHandlerInvoker invoker) {
    EventProcessingConfiguration processors = c.eventProcessingConfiguration();
    return SubscribingEventProcessor.builder()
        .name(name)
        .eventHandlerInvoker(tuning.invoker(invoker))
        .rollbackConfiguration(processors.rollbackConfiguration(name))
        .errorHandler(processors.errorHandler(name))
        .messageMonitor(processors.messageMonitor(SubscribingEventProcessor.class, name))
        .messageSource(c.eventBus())
        .processingStrategy(DirectEventProcessingStrategy.INSTANCE)
        .transactionManager(processors.transactionManager(name))
        .spanFactory(c.getComponent(EventProcessorSpanFactory.class))
        .build();
  }

  /** What Axon's registerTrackingEventProcessor builds (its EventProcessingModule.trackingEventProcessor, 4.13). */
  private static TrackingEventProcessor tracking(String name, Configuration c, EventHandlerInvoker invoker,
                                                 StreamableMessageSource<TrackedEventMessage<?>> source) {
    EventProcessingConfiguration processing = c.eventProcessingConfiguration();
    return TrackingEventProcessor.builder()
        .name(name)
        .eventHandlerInvoker(invoker)
        .rollbackConfiguration(processing.rollbackConfiguration(name))
        .errorHandler(processing.errorHandler(name))
        .messageMonitor(processing.messageMonitor(TrackingEventProcessor.class, name))
        .messageSource(source)
        .tokenStore(processing.tokenStore(name))
        .transactionManager(processing.transactionManager(name))
        .trackingEventProcessorConfiguration(TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
            .andInitialSegmentsCount(1)
            .andBatchSize(BATCH)
            .andTokenClaimInterval(1000, TimeUnit.MILLISECONDS)
            .andInitialTrackingToken(StreamableMessageSource::createTailToken))
        .spanFactory(c.getComponent(EventProcessorSpanFactory.class))
        .build();
  }

  private TokenStore tokenStore() {
    return JdbcTokenStore.builder()
        .nodeId(owner)
        .connectionProvider(transactions)
        .serializer(serializer)
        .contentType(byte[].class)
        .schema(TokenSchema.builder()
            .setTokenTable("token_entry")
            .setProcessorNameColumn("processor_name")
            .setSegmentColumn("segment")
            .setTokenColumn("token")
            .setTokenTypeColumn("token_type")
            .setTimestampColumn("timestamp")
            .setOwnerColumn("owner")
            .build())
        .build();
  }

  private static <A> AggregateConfigurer<A> optimistic(Class<A> type) {
    return AggregateConfigurer.defaultConfiguration(type).configureLockFactory(c -> NullLockFactory.INSTANCE);
  }

  /** Axon's default resolver only knows SQLIntegrityConstraintViolationException; PostgreSQL reports SQLState 23505. */
  private static boolean isDuplicateKey(Exception exception) {
    for (Throwable t = exception; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  public static EventSchema eventSchema() {
    return EventSchema.builder()
        .eventTable("domain_event_entry")
        .snapshotTable("snapshot_event_entry")
        .globalIndexColumn("global_index")
        .aggregateIdentifierColumn("aggregate_identifier")
        .sequenceNumberColumn("sequence_number")
        .typeColumn("type")
        .eventIdentifierColumn("event_identifier")
        .metaDataColumn("meta_data")
        .payloadColumn("payload")
        .payloadRevisionColumn("payload_revision")
        .payloadTypeColumn("payload_type")
        .timestampColumn("time_stamp")
        .build();
  }
}
