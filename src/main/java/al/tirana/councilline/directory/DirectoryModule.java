package al.tirana.councilline.directory;

import al.tirana.councilline.platform.axon.AxonWiring;
import al.tirana.councilline.platform.module.FeatureModule;
import al.tirana.councilline.platform.module.Node;
import al.tirana.councilline.shared.AddresseeDirectory;

/** The council's commissions and counselors: the public directory, and whom requests can be addressed to. */
public final class DirectoryModule implements FeatureModule {

  @Override
  public void axon(AxonWiring axon) {
    axon.aggregate(Commission.class)
        .aggregate(Counselor.class)
        // commissions recorded before they had policy areas have none
        .upcaster(c -> new CommissionPolicyAreasUpcaster())
        .component(AddresseeDirectory.class, c -> new DirectoryLookup(axon.transactions(), axon.config().routingDefaultCommission()))
        .subscribing(DirectoryProjection.NAME, c -> new DirectoryProjection(axon.sql()));
  }

  @Override
  public void wire(Node node) {
    node.routes(new DirectoryRoutes(node.commands(), node.pool()));
  }
}
