package al.tirana.councilline.stats;

import al.tirana.councilline.platform.axon.AxonWiring;
import al.tirana.councilline.platform.axon.tuning.Tuning.Pace;
import al.tirana.councilline.platform.module.FeatureModule;
import al.tirana.councilline.platform.module.Node;

/** Public statistics, their CSV and the open-data export. */
public final class StatsModule implements FeatureModule {

  @Override
  public void axon(AxonWiring axon) {
    axon.streaming(StatsProjection.NAME, Pace.BACKGROUND, true, c -> new StatsProjection(axon.sql()));
  }

  @Override
  public void wire(Node node) {
    node.routes(new StatsRoutes(node.pool(), node.config().openDataLicense()));
  }
}
