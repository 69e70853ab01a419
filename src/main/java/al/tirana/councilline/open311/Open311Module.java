package al.tirana.councilline.open311;

import al.tirana.councilline.core.AxonSetup;
import al.tirana.councilline.core.Commands;
import al.tirana.councilline.core.Config;
import al.tirana.councilline.core.Routes;
import al.tirana.councilline.core.Sql;
import al.tirana.councilline.identity.Role;
import al.tirana.councilline.request.CitizenDataVault;
import io.vertx.sqlclient.Pool;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configurer;
import org.axonframework.common.lock.NullLockFactory;

/**
 * Everything of the Open311 feature in one place: the integrators' keys (aggregate, projection, admin routes) and the
 * GeoReport v2 endpoints. The composition root calls it once from each place that wires features.
 */
public final class Open311Module {

  private Open311Module() {
  }

  /** The key aggregate and its table, kept in the key command's own transaction. */
  public static void axon(Configurer configurer, Sql sql) {
    ApiKeyProjection projection = new ApiKeyProjection(sql);
    configurer.configureAggregate(AggregateConfigurer.defaultConfiguration(ApiKey.class)
            .configureLockFactory(c -> NullLockFactory.INSTANCE))
        .registerComponent(ApiKeyDigests.class, c -> projection)
        .eventProcessing(processing -> {
          AxonSetup.subscribing(processing, ApiKeyProjection.NAME);
          processing.registerEventHandler(c -> projection);
        });
  }

  /** Who may call the feature's operations; a key authorizes nothing of staff, as it is not a login. */
  public static Map<String, Set<Role>> accessMatrix() {
    Map<String, Set<Role>> matrix = new HashMap<>();
    for (String admin : new String[] {"createApiKey", "listApiKeys", "revokeApiKey"}) {
      matrix.put(admin, EnumSet.of(Role.ADMIN));
    }
    for (String open : Open311Routes.OPERATIONS) {
      matrix.put(open, EnumSet.noneOf(Role.class));
    }
    return matrix;
  }

  public static List<Routes> routes(Config config, Pool pool, Commands commands, CitizenDataVault vault) {
    ApiKeys keys = new ApiKeys(pool, commands, config.rateLimitApiKeyPerMinute());
    return List.of(new ApiKeyRoutes(keys), new Open311Routes(config, pool, commands, vault, keys));
  }
}
