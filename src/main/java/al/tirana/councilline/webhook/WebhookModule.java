package al.tirana.councilline.webhook;

import al.tirana.councilline.platform.axon.AxonWiring;
import al.tirana.councilline.platform.axon.tuning.Tuning.Pace;
import al.tirana.councilline.platform.module.Backend;
import al.tirana.councilline.platform.module.FeatureModule;
import al.tirana.councilline.platform.module.Node;
import al.tirana.councilline.platform.net.HostResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signed outbound webhooks: the subscriptions (ADMIN routes), the outbox a projection fills in its own transaction,
 * and the sender that delivers it. Deliveries are never replayed, so the projection is not rebuildable. The
 * subscribers' secrets are kept sealed under the master key ({@link WebhookSecrets}).
 */
public final class WebhookModule implements FeatureModule {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookModule.class);

  @Override
  public void axon(AxonWiring axon) {
    // unwatched: the sender polls the outbox; nobody waits on it by the millisecond
    axon.streaming(WebhookProjection.NAME, Pace.BACKGROUND, false,
        c -> new WebhookProjection(axon.sql(), WebhookRoutes.EVENT_TYPES,
            axon.config().webhookMaxPendingPerSubscriber()));
  }

  /** Before the sender runs: the secrets an earlier version stored in plain text are sealed, once. */
  @Override
  public void prepare(Backend backend) throws Exception {
    int sealed = new WebhookSecrets(backend.masterKey()).sealPlainRows(backend.database().dataSource());
    if (sealed > 0) {
      LOG.info("Sealed under the master key the secrets of {} webhook subscribers stored in plain text", sealed);
    }
  }

  @Override
  public void wire(Node node) {
    WebhookSecrets secrets = new WebhookSecrets(node.masterKey());
    node.routes(new WebhookRoutes(node.config(), node.pool(), secrets))
        .verticle(() -> new WebhookSender(node.config(), node.pool(), secrets, HostResolver.SYSTEM));
  }
}
