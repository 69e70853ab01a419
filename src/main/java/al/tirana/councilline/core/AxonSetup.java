package al.tirana.councilline.core;

import al.tirana.councilline.audit.InternalNoteUpcaster;
import al.tirana.councilline.audit.SealingProjection;
import al.tirana.councilline.stats.StatsProjection;
import al.tirana.councilline.directory.Commission;
import al.tirana.councilline.identity.Account;
import al.tirana.councilline.identity.AccountProjection;
import al.tirana.councilline.identity.Credentials;
import al.tirana.councilline.directory.Counselor;
import al.tirana.councilline.directory.CommissionPolicyAreasUpcaster;
import al.tirana.councilline.directory.DirectoryLookup;
import al.tirana.councilline.directory.DirectoryProjection;
import al.tirana.councilline.feed.AccountabilityProjection;
import al.tirana.councilline.feed.FeedProjection;
import al.tirana.councilline.notification.NotificationProjection;
import al.tirana.councilline.notification.Outbox;
import al.tirana.councilline.ops.OpsProjection;
import al.tirana.councilline.ops.ProcessorActivity;
import al.tirana.councilline.ops.TraceCorrelation;
import al.tirana.councilline.request.AddresseeDirectory;
import al.tirana.councilline.request.RecoveryMail;
import al.tirana.councilline.request.SubmissionReceipts;
import al.tirana.councilline.request.CitizenDataVault;
import al.tirana.councilline.request.CitizenRequest;
import al.tirana.councilline.request.IdempotencyKeys;
import al.tirana.councilline.request.InboxProjection;
import al.tirana.councilline.request.PersonalDataVault;
import al.tirana.councilline.request.RequestCommand.SubmitRequest;
import al.tirana.councilline.request.RequestViewProjection;
import al.tirana.councilline.request.SequentialTrackingNumbers;
import al.tirana.councilline.request.TrackingNumbers;
import al.tirana.councilline.request.TrackingProjection;
import al.tirana.councilline.sla.CachedHolidays;
import al.tirana.councilline.sla.Escalation;
import al.tirana.councilline.sla.HolidayTable;
import al.tirana.councilline.sla.SlaCalendar;
import al.tirana.councilline.sla.SlaDeadlineManager;
import al.tirana.councilline.sla.SlaMode;
import al.tirana.councilline.webhook.WebhookModule;
import al.tirana.councilline.whatsapp.WhatsAppModule;
import com.github.kagkarlsson.scheduler.Scheduler;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.config.ConfigurationScopeAwareProvider;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.sql.DataSource;
import org.axonframework.common.lock.NullLockFactory;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DirectEventProcessingStrategy;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventProcessorSpanFactory;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * Axon Framework without Spring: JDBC event store on PostgreSQL with JSON payloads, commands handled concurrently
 * on a worker pool (submissions that wait for a worker share one transaction), aggregates guarded by optimistic concurrency (the event table's unique key), the read models
 * that commands answer with kept in the command's own transaction, and the other read models kept by streaming
 * processors whose tokens commit with their rows.
 */
public final class AxonSetup {

  /** Read models kept by streaming processors; each can be rebuilt from the event log. */
  public static final List<String> STREAMING_PROJECTIONS = List.of(TrackingProjection.NAME, InboxProjection.NAME,
      FeedProjection.NAME, AccountabilityProjection.NAME, NotificationProjection.NAME, StatsProjection.NAME,
      OpsProjection.NAME);

  private static final long FETCH_DELAY_MS = 50;

  /**
   * How often a processor without live readers takes a batch: at most once per interval, a lone event at once. At
   * 400 submissions/s the statistics, the hash chain and the mail outbox had committed a transaction for nearly
   * every submission each.
   */
  private static final Duration UNWATCHED_WAIT = Duration.ofMillis(250);

  /**
   * The same for a processor whose change log live readers follow: short enough that nobody watching a page sees
   * it (and within P2's budget), long enough that under load the four live processors commit a transaction per
   * few dozen submissions rather than per one or two. At 8 clients the database's commits per submission fell from
   * 3.0 to 1.6 and submissions rose from 563/s to 772/s; at 16 clients from 723/s to 909/s.
   */
  private static final Duration WATCHED_WAIT = Duration.ofMillis(25);

  /**
   * Events per processor transaction and per event-store read. Live, batches are as small as what has arrived; on a
   * rebuild, 1,000 instead of 200 (and 100 per read) took tracking from 29k to 40k events/s and the inbox from 10k
   * to 13k: fewer commits, reads and token updates per event.
   */
  private static final int BATCH = 1_000;

  /** Events a streaming processor reads ahead of the batch it is handling: the next batch and the one after it. */
  private static final int READ_AHEAD = 2 * BATCH;

  /**
   * Most submissions one transaction takes. Groups form only when submissions wait for a worker, so at light load
   * each is handled alone, at once.
   */
  private static final int LARGEST_GROUP = 32;
  /**
   * How long a submission waits for the first submission worker before a standing-by one takes it: longer than the
   * first worker's turn usually takes at moderate load (a whole submission's p50 at 8 clients is 11 to 14 ms), well
   * below P1's 50 ms bound on the p99.
   */
  private static final Duration STANDBY_PATIENCE = Duration.ofMillis(20);

  private AxonSetup() {
  }

  public static Configuration start(Config config, Database database, MasterKey masterKey) {
    JdbcTransactions transactions = new JdbcTransactions(database.dataSource());
    Sql sql = new Sql(transactions);
    Serializer serializer =
        new CachingJacksonSerializer(JacksonSerializer.builder().objectMapper(Json.mapper().copy()));
    GroupCommitCommandBus commandBus = new GroupCommitCommandBus(config.submissionThreads(), STANDBY_PATIENCE,
        config.commandThreads(), LARGEST_GROUP, command -> command.getPayloadType() == SubmitRequest.class);

    DefaultConfigurer configurer = (DefaultConfigurer) DefaultConfigurer.defaultConfiguration();
    configurer
        .configureSerializer(c -> serializer)
        .configureMessageSerializer(c -> serializer)
        .configureEventSerializer(c -> serializer)
        .configureTransactionManager(c -> transactions)
        .configureEventStore(c -> eventStore(c, transactions, serializer))
        // Commands carry no outer transaction: the unit of work's own connection commits them (JdbcTransactions).
        .configureCommandBus(c -> commandBus)
        .registerComponent(TrackingNumbers.class,
            c -> new SequentialTrackingNumbers(config.trackingPrefix(), transactions))
        .registerComponent(PersonalDataVault.class, c -> new CitizenDataVault(masterKey, transactions))
        .registerComponent(AddresseeDirectory.class, c -> new DirectoryLookup(transactions, config.routingDefaultCommission()))
        .registerComponent(CachedHolidays.class, c -> new CachedHolidays(new HolidayTable(transactions)))
        .registerComponent(SlaCalendar.class, c -> new SlaCalendar(config.slaUrgent(), config.slaNormal(),
            SlaMode.valueOf(config.slaMode().toUpperCase(java.util.Locale.ROOT)), config.slaWarningRemaining(),
            c.getComponent(CachedHolidays.class)))
        .registerComponent(Escalation.class, c -> new Escalation(config.escalationEmail()))
        .registerComponent(SubmissionReceipts.class, c -> WhatsAppModule.receipts(
            new Outbox(sql, c.getComponent(PersonalDataVault.class)), sql, c.getComponent(PersonalDataVault.class)))
        .registerComponent(RecoveryMail.class, c -> new Outbox(sql, c.getComponent(PersonalDataVault.class)))
        .configureDeadlineManager(c -> deadlineManager(c, database.schedulerDataSource(), serializer, transactions))
        .registerComponent(CommandTargetResolver.class, c -> new CommandTargets())
        .configureAggregate(optimistic(CitizenRequest.class))
        .configureAggregate(optimistic(Commission.class))
        .configureAggregate(optimistic(Counselor.class))
        .configureAggregate(optimistic(Account.class))
        .registerComponent(Credentials.class, c -> new AccountProjection(sql))
        .registerComponent(ProcessorActivity.class, c -> new ProcessorActivity())
        .configureMessageMonitor(TrackingEventProcessor.class,
            (c, type, name) -> c.getComponent(ProcessorActivity.class).monitor(name));
    // Axon copies correlation data from each handled message into every message made while handling it. No command
    // bus here carries it, and the processors make one result message per event and nothing else: deserializing
    // each event's metadata for it took a tenth of a projection rebuild's CPU.
    configurer.configureCorrelationDataProviders(c -> List.of());
    configurer.registerEventUpcaster(c -> new InternalNoteUpcaster());
    configurer.registerEventUpcaster(c -> new CommissionPolicyAreasUpcaster());
    configurer.eventProcessing(processing -> {
      // A handler that fails fails its whole batch: the transaction rolls back, the token stays where it was and
      // the processor retries, so no event is ever skipped (Axon's default only logs the failure and moves on).
      processing.registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance());
      processing.registerTokenStore(c -> tokenStore(transactions, serializer));
      subscribing(processing, DirectoryProjection.NAME);
      subscribing(processing, RequestViewProjection.NAME);
      subscribing(processing, AccountProjection.NAME);
      subscribing(processing, WhatsAppModule.OUTBOX_PROJECTION);
      processing.registerEventHandler(c -> WhatsAppModule.outboxProjection(sql));
      processing.registerEventHandler(c -> new AccountProjection(sql))
          .registerEventHandler(c -> new DirectoryProjection(sql))
          .registerEventHandler(c -> new RequestViewProjection(sql, c.getComponent(AddresseeDirectory.class)));
      // live: their change logs feed SSE and WebSocket clients
      streaming(processing, TrackingProjection.NAME, WATCHED_WAIT, c -> new TrackingProjection(sql));
      streaming(processing, InboxProjection.NAME, WATCHED_WAIT, c -> new InboxProjection(sql));
      streaming(processing, FeedProjection.NAME, WATCHED_WAIT, c -> new FeedProjection(sql));
      streaming(processing, AccountabilityProjection.NAME, WATCHED_WAIT,
          c -> new AccountabilityProjection(sql));
      // unwatched: nobody waits on them by the millisecond (the outbox itself is polled every second)
      streaming(processing, SealingProjection.NAME, UNWATCHED_WAIT, c -> new SealingProjection(transactions));
      streaming(processing, StatsProjection.NAME, UNWATCHED_WAIT, c -> new StatsProjection(sql));
      streaming(processing, NotificationProjection.NAME, UNWATCHED_WAIT, c -> new NotificationProjection(sql,
          new Outbox(sql, c.getComponent(PersonalDataVault.class)), config.escalationEmail()));
      streaming(processing, OpsProjection.NAME, UNWATCHED_WAIT, c -> new OpsProjection(sql));
      streaming(processing, WebhookModule.PROJECTION, UNWATCHED_WAIT, c -> WebhookModule.projection(sql));
    });
    // a submission's idempotency key is written in its own transaction, with its events
    commandBus.registerHandlerInterceptor(new IdempotencyKeys(masterKey).recorder(sql));
    TraceCorrelation.install(commandBus);
    commandBus.registerHandlerInterceptor(WhatsAppModule.inboundRecorder(sql));
    configurer.onShutdown(commandBus::shutdown);
    return configurer.start();
  }

  /**
   * The JDBC event store. A node learns at once of events it appended itself; events appended by another node it
   * finds when it next polls, so the poll interval bounds how late another node's change reaches this node's
   * projections (Axon's default is a second).
   */
  private static EventStore eventStore(Configuration c, JdbcTransactions transactions, Serializer serializer) {
    EmbeddedEventStore store = EmbeddedEventStore.builder()
        .storageEngine(JdbcEventStorageEngine.builder()
            .connectionProvider(transactions)
            .transactionManager(new AutocommitReads(transactions))
            .eventSerializer(serializer)
            .snapshotSerializer(serializer)
            .upcasterChain(c.upcasterChain())
            .schema(eventSchema())
            .dataType(byte[].class)
            .persistenceExceptionResolver(AxonSetup::isDuplicateKey)
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
   * SLA timers live in PostgreSQL (db-scheduler's scheduled_tasks), so they survive restarts and fire on one node.
   * db-scheduler polls every second, which is also the timers' precision.
   */
  private static DeadlineManager deadlineManager(Configuration c, DataSource schedulerDataSource,
                                                 Serializer serializer, JdbcTransactions transactions) {
    AtomicReference<SlaDeadlineManager> manager = new AtomicReference<>();
    Scheduler scheduler = Scheduler.create(new TimerDataSource(transactions, schedulerDataSource),
        DbSchedulerDeadlineManager.binaryTask(manager::get))
        .threads(2)
        .pollingInterval(Duration.ofSeconds(1))
        .heartbeatInterval(Duration.ofSeconds(10))
        .build();
    manager.set(new SlaDeadlineManager(DbSchedulerDeadlineManager.builder()
        .scheduler(scheduler)
        .scopeAwareProvider(new ConfigurationScopeAwareProvider(c))
        .transactionManager(transactions), scheduler, serializer));
    return manager.get();
  }

  /**
   * One segment per projection: a single writer keeps each change log's positions in commit order, which is what
   * lets live streams resume "after position N" without missing anything. Nodes share the segment through the
   * token store; whichever holds the claim does the work. A tracking processor waits on the event stream itself,
   * so it is woken the moment events arrive; Axon's pooled processor cannot be woken by this event store and
   * polls every 500 ms instead, which made every live update wait 250 ms on average. Each reads ahead on a thread
   * of its own ({@link PrefetchingEventSource}), so a replay's reads overlap its writes.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void streaming(EventProcessingConfigurer processing, String name, Duration wait,
                                Function<Configuration, Object> projection) {
    processing.registerEventProcessor(name, (n, c, invoker) -> tracking(n, c, KnownHandlers.around(invoker),
            new CoalescingEventSource(
                new PrefetchingEventSource((StreamableMessageSource) c.eventStore(), n, READ_AHEAD), wait)))
        .registerEventHandler(projection);
  }

  /**
   * In the command's own transaction, as Axon's registerSubscribingEventProcessor(name) builds it (its
   * EventProcessingModule.subscribingEventProcessor, 4.13), around an invoker that remembers which events it handles.
   */
  private static void subscribing(EventProcessingConfigurer processing, String name) {
    processing.registerEventProcessor(name, (n, c, invoker) -> {
      EventProcessingConfiguration processors = c.eventProcessingConfiguration();
      return SubscribingEventProcessor.builder()
          .name(n)
          .eventHandlerInvoker(KnownHandlers.around(invoker))
          .rollbackConfiguration(processors.rollbackConfiguration(n))
          .errorHandler(processors.errorHandler(n))
          .messageMonitor(processors.messageMonitor(SubscribingEventProcessor.class, n))
          .messageSource(c.eventBus())
          .processingStrategy(DirectEventProcessingStrategy.INSTANCE)
          .transactionManager(processors.transactionManager(n))
          .spanFactory(c.getComponent(EventProcessorSpanFactory.class))
          .build();
    });
  }

  /**
   * What Axon's registerTrackingEventProcessor builds (its EventProcessingModule.trackingEventProcessor, 4.13),
   * around an invoker that remembers which events it handles ({@link KnownHandlers}).
   */
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

  private static TokenStore tokenStore(JdbcTransactions transactions, Serializer serializer) {
    return JdbcTokenStore.builder()
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

  /**
   * No in-process lock: two commands on one request load the same version, and the loser's append violates the
   * (aggregate_identifier, sequence_number) key and is refused with 409, on one node or across nodes alike.
   */
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

  static EventSchema eventSchema() {
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
