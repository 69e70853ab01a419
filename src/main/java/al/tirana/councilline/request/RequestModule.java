package al.tirana.councilline.request;

import al.tirana.councilline.platform.axon.AxonWiring;
import al.tirana.councilline.platform.axon.tuning.Tuning.Pace;
import al.tirana.councilline.platform.config.Config;
import al.tirana.councilline.platform.http.RateLimiter;
import al.tirana.councilline.platform.module.FeatureModule;
import al.tirana.councilline.platform.module.Node;
import al.tirana.councilline.request.RequestCommand.SubmitRequest;
import al.tirana.councilline.shared.AddresseeDirectory;
import io.vertx.sqlclient.Pool;

/** A citizen's request from submission to closing: the aggregate, its views, the inbox and the tracking page. */
public final class RequestModule implements FeatureModule {

  @Override
  public void axon(AxonWiring axon) {
    Config config = axon.config();
    axon.component(TrackingNumbers.class,
            c -> new SequentialTrackingNumbers(config.trackingPrefix(), axon.transactions()))
        .component(PersonalDataVault.class, c -> new CitizenDataVault(axon.masterKey(), axon.transactions()))
        .aggregate(CitizenRequest.class)
        // a stored reopening gets the status it returned to; a stored submission its (absent) location
        .upcaster(c -> new RequestReopenedUpcaster(axon.transactions()))
        .upcaster(c -> new LocationUpcaster())
        .subscribing(RequestViewProjection.NAME,
            c -> new RequestViewProjection(axon.sql(), c.getComponent(AddresseeDirectory.class)))
        // live: their change logs feed SSE and WebSocket clients
        .streaming(TrackingProjection.NAME, Pace.LIVE, true, c -> new TrackingProjection(axon.sql()))
        .streaming(InboxProjection.NAME, Pace.LIVE, true, c -> new InboxProjection(axon.sql()))
        .groupable(command -> command.getPayloadType() == SubmitRequest.class)
        // a submission's idempotency key is written in its own transaction, with its events
        .commandInterceptor(new IdempotencyKeys(axon.masterKey()).recorder(axon.sql()));
  }

  @Override
  public void wire(Node node) {
    Config config = node.config();
    Pool pool = node.pool();
    CitizenDataVault vault = (CitizenDataVault) node.component(PersonalDataVault.class);
    RequestViews views = new RequestViews(pool, vault,
        priority -> "URGENT".equals(priority) ? config.slaUrgent() : config.slaNormal());
    // kept in the database, so that the limits hold for the cluster rather than for each node
    RateLimiter submissions = new RateLimiter(pool, "submit", config.rateLimitSubmitPerMinute(),
        config.rateLimitSubmitTotalPerMinute());
    RateLimiter accessCodes = new RateLimiter(pool, "access-code", config.rateLimitAccessCodePerMinute(),
        Integer.MAX_VALUE);
    InboxRoutes inbox = new InboxRoutes(pool, vault);
    IdempotentSubmissions idempotentSubmissions = new IdempotentSubmissions(pool,
        new IdempotencyKeys(node.masterKey()));
    node.provide(InboxRoutes.class, inbox)
        // Open311 submissions are kept by the same keys: one table, one sweep, one set of keys in flight
        .provide(IdempotentSubmissions.class, idempotentSubmissions)
        .routes(new RequestRoutes(node.commands(), views, new RequestAccess(pool, vault, accessCodes), submissions,
            idempotentSubmissions))
        .routes(inbox)
        .routes(new SuccessStoryRoutes(node.commands()));
  }
}
