package al.tirana.councilline.webhook;

import al.tirana.councilline.platform.axon.AxonWiring;
import al.tirana.councilline.platform.axon.tuning.Tuning.Pace;
import al.tirana.councilline.platform.module.FeatureModule;
import al.tirana.councilline.platform.module.Node;

/**
 * Signed outbound webhooks: the subscriptions (ADMIN routes), the outbox a projection fills in its own transaction,
 * and the sender that delivers it. Deliveries are never replayed, so the projection is not rebuildable.
 */
public final class WebhookModule implements FeatureModule {

  @Override
  public void axon(AxonWiring axon) {
    // unwatched: the sender polls the outbox; nobody waits on it by the millisecond
    axon.streaming(WebhookProjection.NAME, Pace.BACKGROUND, false,
        c -> new WebhookProjection(axon.sql(), WebhookRoutes.EVENT_TYPES));
  }

  @Override
  public void wire(Node node) {
    node.routes(new WebhookRoutes(node.config(), node.pool()))
        .verticle(() -> new WebhookSender(node.config(), node.pool()));
  }
}
