package al.tirana.councilline.open311;

import al.tirana.councilline.platform.axon.AxonWiring;
import al.tirana.councilline.platform.module.FeatureModule;
import al.tirana.councilline.platform.module.Node;
import al.tirana.councilline.request.PersonalDataVault;

import al.tirana.councilline.platform.config.Config;
import al.tirana.councilline.request.CitizenDataVault;
import al.tirana.councilline.request.IdempotentSubmissions;

/**
 * Everything of the Open311 feature in one place: the integrators' keys (aggregate, projection, admin routes) and the
 * GeoReport v2 endpoints. The composition root calls it once from each place that wires features.
 */
public final class Open311Module implements FeatureModule {

  /** The key aggregate and its table, kept in the key command's own transaction. */
  @Override
  public void axon(AxonWiring axon) {
    ApiKeyProjection projection = new ApiKeyProjection(axon.sql());
    axon.aggregate(ApiKey.class)
        .component(ApiKeyDigests.class, c -> projection)
        .subscribing(ApiKeyProjection.NAME, c -> projection);
  }

  @Override
  public void wire(Node node) {
    ApiKeys keys = new ApiKeys(node.pool(), node.commands(), node.config().rateLimitApiKeyPerMinute());
    CitizenDataVault vault = (CitizenDataVault) node.component(PersonalDataVault.class);
    node.routes(new ApiKeyRoutes(keys))
        .routes(new Open311Routes(node.config(), node.pool(), node.commands(), vault, keys,
            node.get(IdempotentSubmissions.class)));
  }
}
