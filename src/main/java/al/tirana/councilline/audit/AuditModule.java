package al.tirana.councilline.audit;

import al.tirana.councilline.platform.axon.AxonWiring;
import al.tirana.councilline.platform.axon.tuning.Tuning.Pace;
import al.tirana.councilline.platform.module.FeatureModule;
import al.tirana.councilline.platform.module.Node;
import al.tirana.councilline.request.CitizenDataVault;
import al.tirana.councilline.request.PersonalDataVault;

/** The auditors' view of the event log: the hash chain, the log's export and a request as of any moment. */
public final class AuditModule implements FeatureModule {

  @Override
  public void axon(AxonWiring axon) {
    axon.upcaster(c -> new InternalNoteUpcaster())
        // never rebuilt: the chain's seals are a record of their own
        .streaming(SealingProjection.NAME, Pace.BACKGROUND, false, c -> new SealingProjection(axon.transactions()));
  }

  @Override
  public void wire(Node node) {
    CitizenDataVault vault = (CitizenDataVault) node.component(PersonalDataVault.class);
    node.routes(new AuditRoutes(node.vertx(), node.pool(), vault, node.database().dataSource(), node.axon()));
  }
}
