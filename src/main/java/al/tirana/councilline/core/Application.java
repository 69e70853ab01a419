package al.tirana.councilline.core;

import al.tirana.councilline.audit.AuditRoutes;
import al.tirana.councilline.directory.DirectoryRoutes;
import al.tirana.councilline.feed.FeedRoutes;
import al.tirana.councilline.guidance.GuidanceModule;
import al.tirana.councilline.feed.LiveHub;
import al.tirana.councilline.feed.LiveRoutes;
import al.tirana.councilline.request.InboxRoutes;
import al.tirana.councilline.notification.MailSender;
import al.tirana.councilline.notification.OutboxRoutes;
import al.tirana.councilline.ops.OpsModule;
import al.tirana.councilline.ops.Telemetry;
import al.tirana.councilline.sla.CachedHolidays;
import al.tirana.councilline.sla.HolidayListener;
import al.tirana.councilline.sla.HolidayRoutes;
import al.tirana.councilline.stats.StatsRoutes;
import al.tirana.councilline.webhook.WebhookModule;
import al.tirana.councilline.whatsapp.WhatsAppModule;
import al.tirana.councilline.sla.SlaSummaryRoutes;
import al.tirana.councilline.identity.Accounts;
import al.tirana.councilline.identity.AuthRoutes;
import al.tirana.councilline.identity.Authentication;
import al.tirana.councilline.identity.ExternalIdentity;
import al.tirana.councilline.identity.KeyRoutes;
import al.tirana.councilline.identity.LoginThrottle;
import al.tirana.councilline.identity.SigningKeys;
import al.tirana.councilline.request.CitizenDataVault;
import al.tirana.councilline.request.PersonalDataVault;
import al.tirana.councilline.request.RequestAccess;
import al.tirana.councilline.request.RequestRoutes;
import al.tirana.councilline.request.IdempotencyKeys;
import al.tirana.councilline.request.IdempotentSubmissions;
import al.tirana.councilline.request.RequestViews;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.sqlclient.Pool;
import java.util.List;
import org.axonframework.config.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up and shut-down of one node: database, schema, keys, Axon, then HTTP. The blocking steps run on a worker
 * thread; the event loops only ever see the finished pieces.
 */
public final class Application {

  private static final Logger LOG = LoggerFactory.getLogger(Application.class);

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

  private record Backend(Database database, MasterKey masterKey, Configuration axon,
                         SigningKeys.Keys signingKeys) {
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
    return vertx.executeBlocking(() -> backend(config), false).compose(backend -> {
      Pool pool = backend.database().reactivePool(vertx, Math.max(4, config.dbPoolSize()));
      SigningKeys jwt = SigningKeys.create(vertx, pool, backend.masterKey(), backend.signingKeys(),
          config.accessTokenMinutes());
      Commands commands = new Commands(vertx, backend.axon().commandGateway(),
          new DbTimeout(vertx, config.dbTimeout()));
      CitizenDataVault vault = (CitizenDataVault) backend.axon().getComponent(PersonalDataVault.class);
      Accounts accounts = new Accounts(vertx, pool, jwt, jwt.algorithm(), commands,
          config.lockoutThreshold(), config.lockoutMinutes(), config.accessTokenMinutes());
      RequestViews views = new RequestViews(pool, vault,
          priority -> "URGENT".equals(priority) ? config.slaUrgent() : config.slaNormal());
      Authentication authentication = new Authentication(jwt, pool, ExternalIdentity.create(vertx, config));
      // kept in the database, so that the limits hold for the cluster rather than for each node
      RateLimiter submissions = new RateLimiter(pool, "submit", config.rateLimitSubmitPerMinute(),
          config.rateLimitSubmitTotalPerMinute());
      RateLimiter logins = new RateLimiter(pool, "login", config.rateLimitLoginPerMinute(),
          10 * config.rateLimitLoginPerMinute());
      RateLimiter accessCodes = new RateLimiter(pool, "access-code", config.rateLimitAccessCodePerMinute(),
          Integer.MAX_VALUE);
      long sweeper = vertx.setPeriodic(60_000, id -> {
        RateLimiter.sweep(pool);
        LoginThrottle.sweep(pool);
      });
      LiveHub hub = new LiveHub(pool, backend.database().connectOptions(vertx));
      CachedHolidays holidays = backend.axon().getComponent(CachedHolidays.class);
      InboxRoutes inbox = new InboxRoutes(pool);
      Projections projections = new Projections(vertx, backend.axon());
      WhatsAppModule whatsapp = new WhatsAppModule(config, pool, commands, vault, backend.masterKey());
      List<Routes> features = new java.util.ArrayList<>(List.of(
          new AuthRoutes(accounts, logins),
          new KeyRoutes(jwt),
          new DirectoryRoutes(commands, pool),
          new RequestRoutes(commands, views, new RequestAccess(pool, vault, accessCodes), submissions,
              new IdempotentSubmissions(pool, new IdempotencyKeys(backend.masterKey()))),
          inbox,
          new FeedRoutes(pool),
          new LiveRoutes(hub, pool, inbox, authentication),
          new HolidayRoutes(pool, holidays),
          new SlaSummaryRoutes(pool),
          new OutboxRoutes(pool),
          new StatsRoutes(pool, commands, config.openDataLicense()),
          new AuditRoutes(vertx, pool, vault, backend.database().dataSource()),
          new OpsModule(vertx, config, pool, backend.axon(), config.databaseUrl().isEmpty(), hub),
          projections,
          whatsapp));
      features.addAll(GuidanceModule.routes(config, commands, pool, vault));
      WebhookModule webhooks = new WebhookModule(config, pool);
      features.add(webhooks);
      return vertx.deployVerticle(hub)
          .compose(hubId -> vertx.deployVerticle(new MailSender(config, pool, vault)).map(mailId -> hubId + "," + mailId))
          .compose(ids -> vertx.deployVerticle(new HolidayListener(holidays, backend.database().connectOptions(vertx)))
              .map(listenerId -> ids + "," + listenerId))
          .compose(ids -> whatsapp.deploy(vertx).map(more -> ids + more))
          .compose(ids -> webhooks.deploy(vertx).map(more -> ids + more))
          .compose(ids -> vertx.deployVerticle(() -> new HttpVerticle(config, pool, authentication, features),
                  new DeploymentOptions().setInstances(Math.max(1, Runtime.getRuntime().availableProcessors())))
              .map(id -> {
                LOG.info("CouncilLine is listening on http://localhost:{} (started in {} ms)", config.httpPort(),
                    (System.nanoTime() - started) / 1_000_000);
                List<String> deployed = new java.util.ArrayList<>(List.of(ids.split(",")));
                deployed.add(0, id);
                return new Application(vertx, backend.database(), backend.axon(), pool, deployed, hub,
                    projections, sweeper);
              }))
          .recover(err -> {
            vertx.cancelTimer(sweeper);
            backend.axon().shutdown();
            pool.close();
            closeQuietly(backend.database());
            return Future.failedFuture(err);
          });
    });
  }

  private static Backend backend(Config config) throws Exception {
    Database database = Database.open(config);
    try {
      SchemaMigrator.migrate(database.dataSource());
      // before anything else writes: a node with another master key, or none, stops here
      MasterKey masterKey = ClusterKey.resolve(config, database.dataSource());
      Configuration axon = AxonSetup.start(config, database, masterKey);
      Accounts.bootstrapAdmin(database.dataSource(), axon.commandGateway(), config.adminPassword());
      return new Backend(database, masterKey, axon, SigningKeys.load(config, database.dataSource(), masterKey));
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
