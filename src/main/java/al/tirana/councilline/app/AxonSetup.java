package al.tirana.councilline.app;

import al.tirana.councilline.platform.axon.AxonWiring;
import al.tirana.councilline.platform.config.Config;
import al.tirana.councilline.platform.db.Database;
import al.tirana.councilline.platform.keys.MasterKey;
import al.tirana.councilline.platform.module.FeatureModule;
import java.util.List;
import org.axonframework.config.Configuration;

/** Axon with every feature's aggregates, components and projections registered, started. */
final class AxonSetup {

  /** A started Axon and the streaming projections the features registered as rebuildable. */
  record Started(Configuration axon, List<String> rebuildable) {
  }

  private AxonSetup() {
  }

  static Started start(Config config, Database database, MasterKey masterKey, List<FeatureModule> modules) {
    AxonWiring wiring = new AxonWiring(config, database, masterKey);
    modules.forEach(module -> module.axon(wiring));
    return new Started(wiring.start(), wiring.rebuildable());
  }
}
