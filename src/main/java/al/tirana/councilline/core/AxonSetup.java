package al.tirana.councilline.core;

import al.tirana.councilline.directory.Commission;
import al.tirana.councilline.directory.Counselor;
import al.tirana.councilline.directory.DirectoryLookup;
import al.tirana.councilline.directory.DirectoryProjection;
import al.tirana.councilline.request.AddresseeDirectory;
import al.tirana.councilline.request.CitizenDataVault;
import al.tirana.councilline.request.CitizenRequest;
import al.tirana.councilline.request.DuePolicy;
import al.tirana.councilline.request.PersonalDataVault;
import al.tirana.councilline.request.RequestViewProjection;
import al.tirana.councilline.request.SequentialTrackingNumbers;
import al.tirana.councilline.request.TrackingNumbers;
import java.sql.SQLException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.axonframework.commandhandling.AsynchronousCommandBus;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.lock.NullLockFactory;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * Axon Framework without Spring: JDBC event store on PostgreSQL with JSON payloads, commands handled concurrently
 * on a worker pool, aggregates guarded by optimistic concurrency (the event table's unique key), and the
 * read models that commands answer with kept in the command's own transaction.
 */
public final class AxonSetup {

  private AxonSetup() {
  }

  public static Configuration start(Config config, DataSource dataSource, MasterKey masterKey) {
    ConnectionProvider connections =
        new UnitOfWorkAwareConnectionProviderWrapper(new DataSourceConnectionProvider(dataSource));
    Serializer serializer = JacksonSerializer.builder().objectMapper(Json.mapper().copy()).build();
    ExecutorService commandThreads = Executors.newFixedThreadPool(config.commandThreads(), named("command"));

    DefaultConfigurer configurer = (DefaultConfigurer) DefaultConfigurer.defaultConfiguration();
    configurer
        .configureSerializer(c -> serializer)
        .configureMessageSerializer(c -> serializer)
        .configureEventSerializer(c -> serializer)
        .configureTransactionManager(c -> NoTransactionManager.INSTANCE)
        .configureEmbeddedEventStore(c -> JdbcEventStorageEngine.builder()
            .connectionProvider(connections)
            .transactionManager(NoTransactionManager.INSTANCE)
            .eventSerializer(serializer)
            .snapshotSerializer(serializer)
            .schema(eventSchema())
            .dataType(byte[].class)
            .persistenceExceptionResolver(AxonSetup::isDuplicateKey)
            .build())
        .configureCommandBus(c -> AsynchronousCommandBus.builder()
            .executor(commandThreads)
            .transactionManager(NoTransactionManager.INSTANCE)
            .build())
        .registerComponent(TrackingNumbers.class,
            c -> new SequentialTrackingNumbers(config.trackingPrefix(), connections))
        .registerComponent(PersonalDataVault.class, c -> new CitizenDataVault(masterKey, connections))
        .registerComponent(AddresseeDirectory.class, c -> new DirectoryLookup(connections))
        .registerComponent(DuePolicy.class, c -> new DuePolicy(config.slaUrgent(), config.slaNormal()))
        .configureAggregate(optimistic(CitizenRequest.class))
        .configureAggregate(optimistic(Commission.class))
        .configureAggregate(optimistic(Counselor.class));
    configurer.eventProcessing(processing -> processing
        .registerSubscribingEventProcessor(DirectoryProjection.NAME)
        .registerSubscribingEventProcessor(RequestViewProjection.NAME)
        .registerEventHandler(c -> new DirectoryProjection(connections))
        .registerEventHandler(c -> new RequestViewProjection(connections)));
    configurer.onShutdown(commandThreads::shutdown);
    return configurer.start();
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

  private static java.util.concurrent.ThreadFactory named(String prefix) {
    AtomicInteger counter = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
