package al.tirana.councilline.app;

import al.tirana.councilline.platform.axon.CommandOutcomes;
import al.tirana.councilline.platform.axon.Commands;
import al.tirana.councilline.platform.axon.Projections;
import al.tirana.councilline.platform.config.Config;
import al.tirana.councilline.platform.db.Database;
import al.tirana.councilline.platform.db.DbTimeout;
import al.tirana.councilline.platform.db.SchemaMigrator;
import al.tirana.councilline.platform.http.HttpContract;
import al.tirana.councilline.platform.http.HttpVerticle;
import al.tirana.councilline.platform.http.RateLimiter;
import al.tirana.councilline.platform.http.Routes;
import al.tirana.councilline.platform.keys.ClusterKey;
import al.tirana.councilline.platform.keys.MasterKey;
import al.tirana.councilline.platform.live.LiveHub;
import al.tirana.councilline.platform.module.Backend;
import al.tirana.councilline.platform.module.FeatureModule;
import al.tirana.councilline.platform.module.Node;
import al.tirana.councilline.platform.observe.Telemetry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.config.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up and shut-down of one node: database, schema, keys, Axon, then HTTP, with every feature's module
 * ({@link Modules}) plugged into each step. The blocking steps run on a worker thread; the event loops only ever see
 * the finished pieces.
 */
public final class Application {

  private static final Logger LOG = LoggerFactory.getLogger(Application.class);
  private static final long NO_TIMER = -1;

  private final Vertx vertx;
  private final Database database;
  private final Configuration axon;
  private final Pool pool;
  private final List<String> deploymentIds;
  private final LiveHub hub;
  private final Projections projections;
  private final long sweeper;

  private Application(Vertx vertx, Database database, Configuration axon, Pool pool, List<String> deploymentIds,
                      LiveHub hub, Projections projections, long sweeper) {
    this.sweeper = sweeper;
    this.vertx = vertx;
    this.database = database;
    this.axon = axon;
    this.pool = pool;
    this.deploymentIds = deploymentIds;
    this.hub = hub;
    this.projections = projections;
  }

  private record Started(Backend backend, List<String> rebuildable) {
  }

  /**
   * Vert.x on Netty's epoll transport where it loads (Linux), else on NIO: each HTTP exchange and database round trip
   * then costs fewer system calls, which are dear on the virtual machines this runs on, and the pool can reach the
   * embedded database over its Unix socket, which needs the native transport.
   */
  public static Vertx createVertx() {
    return Telemetry.createVertx(new VertxOptions().setPreferNativeTransport(true));
  }

  public static Future<Application> start(Vertx vertx, Config config) {
    long started = System.nanoTime();
    List<FeatureModule> modules = Modules.all();
    // the contract does not need the database: it is parsed and compiled on workers while the database starts
    Future<HttpContract> contract = HttpContract.load(vertx);
    return vertx.executeBlocking(() -> backend(config, modules), false).compose(start -> {
      Backend backend = start.backend();
      Pool pool = backend.database().reactivePool(vertx, Math.max(4, config.dbPoolSize()));
      Commands commands = new Commands(vertx, backend.axon().commandGateway(),
          new DbTimeout(vertx, config.dbTimeout()), CommandOutcomes.of(vertx));
      LiveHub hub = new LiveHub(pool, backend.database().connectOptions(vertx), config.liveMaxSubscribers());
      Node node = new Node(vertx, backend, pool, commands, hub);
      Projections projections = new Projections(vertx, backend.axon(), start.rebuildable());
      try {
        modules.forEach(module -> module.wire(node));
        node.routes(projections);
      } catch (RuntimeException ex) {
        // a module that cannot wire (e.g. it needs what no earlier module provides) stops the start-up cleanly
        return abandon(vertx, backend, pool, NO_TIMER, ex);
      }
      List<Runnable> sweeps = node.sweeps();
      long timer = vertx.setPeriodic(60_000, id -> {
        RateLimiter.sweep(pool);
        sweeps.forEach(Runnable::run);
      });
      List<Routes> features = node.routes();
      Future<List<String>> deployed = vertx.deployVerticle(hub).map(id -> List.of(id));
      for (var verticle : node.verticles()) {
        deployed = deployed.compose(ids -> vertx.deployVerticle(verticle.get()).map(id -> append(ids, id)));
      }
      return deployed
          .compose(ids -> contract.compose(http -> vertx.deployVerticle(() -> new HttpVerticle(config, pool,
                      node.authenticationHandler(), node.authorizationGuard(), features, http),
                  new DeploymentOptions().setInstances(Math.max(1, Runtime.getRuntime().availableProcessors()))))
              .map(id -> {
                LOG.info("CouncilLine is listening on http://localhost:{} (started in {} ms)", config.httpPort(),
                    (System.nanoTime() - started) / 1_000_000);
                List<String> all = new ArrayList<>(ids);
                all.add(0, id);
                return new Application(vertx, backend.database(), backend.axon(), pool, all, hub,
                    projections, timer);
              }))
          .recover(err -> abandon(vertx, backend, pool, timer, err));
    });
  }

  private static List<String> append(List<String> ids, String id) {
    List<String> all = new ArrayList<>(ids);
    all.add(id);
    return all;
  }

  private static <T> Future<T> abandon(Vertx vertx, Backend backend, Pool pool, long sweeper, Throwable err) {
    if (sweeper != NO_TIMER) {
      vertx.cancelTimer(sweeper);
    }
    backend.axon().shutdown();
    pool.close();
    closeQuietly(backend.database());
    return Future.failedFuture(err);
  }

  private static Started backend(Config config, List<FeatureModule> modules) throws Exception {
    Database database = Database.open(config);
    try {
      SchemaMigrator.migrate(database.dataSource());
      // before anything else writes: a node with another master key, or none, stops here
      MasterKey masterKey = ClusterKey.resolve(config, database.dataSource());
      AxonSetup.Started axon = AxonSetup.start(config, database, masterKey, modules);
      Backend backend = new Backend(config, database, masterKey, axon.axon());
      for (FeatureModule module : modules) {
        module.prepare(backend);
      }
      return new Started(backend, axon.rebuildable());
    } catch (Exception ex) {
      closeQuietly(database);
      throw ex;
    }
  }

  public Database database() {
    return database;
  }

  public Configuration axon() {
    return axon;
  }

  public LiveHub hub() {
    return hub;
  }

  public Projections projections() {
    return projections;
  }

  public Future<Void> stop() {
    vertx.cancelTimer(sweeper);
    return Future.join(deploymentIds.stream().map(vertx::undeploy).toList())
        .eventually(() -> pool.close())
        .eventually(() -> vertx.executeBlocking(() -> {
          axon.shutdown();
          database.close();
          return null;
        }, false))
        .mapEmpty();
  }

  private static void closeQuietly(Database database) {
    try {
      database.close();
    } catch (Exception ex) {
      LOG.warn("Could not close the database cleanly", ex);
    }
  }
}
