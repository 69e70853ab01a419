package al.tirana.councilline.guidance;

import al.tirana.councilline.platform.module.FeatureModule;
import al.tirana.councilline.platform.module.Node;
import al.tirana.councilline.request.PersonalDataVault;

import al.tirana.councilline.platform.axon.Commands;
import al.tirana.councilline.platform.config.Config;
import al.tirana.councilline.platform.http.RateLimiter;
import al.tirana.councilline.request.CitizenDataVault;
import io.vertx.sqlclient.Pool;

/**
 * Guidance and continuity for citizens (issue 31): routing by topic and recovering lost access codes. The pages'
 * part (#/mine, ?lang=) is in web/; the demo council is {@link Demo}.
 */
public final class GuidanceModule implements FeatureModule {

  @Override
  public void wire(Node node) {
    Config config = node.config();
    // kept in the database like the other limits, so that they hold for the cluster rather than for each node
    RateLimiter recoveries = new RateLimiter(node.pool(), "recover", config.rateLimitRecoveryPerMinute(),
        100 * config.rateLimitRecoveryPerMinute());
    CitizenDataVault vault = (CitizenDataVault) node.component(PersonalDataVault.class);
    node.routes(new RoutingRoutes(node.pool(), config.routingDefaultCommission()))
        .routes(new RecoveryRoutes(node.commands(), node.pool(), vault, recoveries));
  }
}
