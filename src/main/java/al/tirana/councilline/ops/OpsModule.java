package al.tirana.councilline.ops;

import al.tirana.councilline.platform.axon.AxonWiring;
import al.tirana.councilline.platform.axon.tuning.Tuning.Pace;
import al.tirana.councilline.platform.module.FeatureModule;
import al.tirana.councilline.platform.module.Node;

/** The control room: its read model per unit and hour, its summary, and the node's metrics and readiness. */
public final class OpsModule implements FeatureModule {

  @Override
  public void axon(AxonWiring axon) {
    // unwatched: the control room refreshes from its own stream, nobody waits on it by the millisecond
    axon.streaming(OpsProjection.NAME, Pace.BACKGROUND, true, c -> new OpsProjection(axon.sql()));
  }

  @Override
  public void wire(Node node) {
    node.routes(new OpsRoutes(node.vertx(), node.config(), node.pool(), node.axon(),
        node.config().databaseUrl().isEmpty(), node.hub()));
  }
}
