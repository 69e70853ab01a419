package al.tirana.councilline.notification;

import al.tirana.councilline.platform.axon.AxonWiring;
import al.tirana.councilline.platform.axon.tuning.Tuning.Pace;
import al.tirana.councilline.platform.module.FeatureModule;
import al.tirana.councilline.platform.module.Node;
import al.tirana.councilline.request.CitizenDataVault;
import al.tirana.councilline.request.PersonalDataVault;
import al.tirana.councilline.request.RecoveryMail;
import al.tirana.councilline.request.SubmissionReceipts;

/** Mail to citizens and the council: the outbox the events fill, and the sender that empties it. */
public final class NotificationModule implements FeatureModule {

  @Override
  public void axon(AxonWiring axon) {
    axon.component(SubmissionReceipts.class, c -> new Outbox(axon.sql(), c.getComponent(PersonalDataVault.class)))
        .component(RecoveryMail.class, c -> new Outbox(axon.sql(), c.getComponent(PersonalDataVault.class)))
        // unwatched: nobody waits on it by the millisecond (the outbox itself is polled every second)
        .streaming(NotificationProjection.NAME, Pace.BACKGROUND, true, c -> new NotificationProjection(axon.sql(),
            new Outbox(axon.sql(), c.getComponent(PersonalDataVault.class)), axon.config().escalationEmail()));
  }

  @Override
  public void wire(Node node) {
    CitizenDataVault vault = (CitizenDataVault) node.component(PersonalDataVault.class);
    node.verticle(() -> new MailSender(node.config(), node.pool(), vault))
        .routes(new OutboxRoutes(node.pool()));
  }
}
