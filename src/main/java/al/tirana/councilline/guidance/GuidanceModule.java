package al.tirana.councilline.guidance;

import al.tirana.councilline.core.Commands;
import al.tirana.councilline.core.Config;
import al.tirana.councilline.core.RateLimiter;
import al.tirana.councilline.core.Routes;
import al.tirana.councilline.request.CitizenDataVault;
import io.vertx.sqlclient.Pool;
import java.util.List;

/**
 * Guidance and continuity for citizens (issue 31): routing by topic and recovering lost access codes. The pages'
 * part (#/mine, ?lang=) is in web/; the demo council is {@link Demo}.
 */
public final class GuidanceModule {

  private GuidanceModule() {
  }

  public static List<Routes> routes(Config config, Commands commands, Pool pool, CitizenDataVault vault) {
    // kept in the database like the other limits, so that they hold for the cluster rather than for each node
    RateLimiter recoveries = new RateLimiter(pool, "recover", config.rateLimitRecoveryPerMinute(),
        100 * config.rateLimitRecoveryPerMinute());
    return List.of(new RoutingRoutes(pool, config.routingDefaultCommission()),
        new RecoveryRoutes(commands, pool, vault, recoveries));
  }
}
