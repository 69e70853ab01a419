package al.tirana.councilline.whatsapp;

import al.tirana.councilline.notification.Outbox;
import al.tirana.councilline.platform.axon.AxonWiring;
import al.tirana.councilline.platform.config.Config;
import al.tirana.councilline.platform.module.Backend;
import al.tirana.councilline.platform.module.FeatureModule;
import al.tirana.councilline.platform.module.Node;
import al.tirana.councilline.request.CitizenDataVault;
import al.tirana.councilline.request.PersonalDataVault;
import al.tirana.councilline.request.SubmissionReceipts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All the wiring of the WhatsApp channel (WhatsApp Business Cloud API): the webhook's routes, the inbound and
 * outbound workers, and what runs inside commands (the receipt, the message ids, the outbox projection). Unset
 * WHATSAPP_PHONE_NUMBER_ID turns the channel off: the webhook answers 404 and no worker runs. Wired after the
 * notification module, whose mail receipt it wraps.
 */
public final class WhatsAppModule implements FeatureModule {

  private static final Logger LOG = LoggerFactory.getLogger(WhatsAppModule.class);

  @Override
  public void axon(AxonWiring axon) {
    // the receipt of a submission: on WhatsApp for a request made from a WhatsApp message, else by mail
    axon.component(SubmissionReceipts.class, c -> new WhatsAppReceipts(
            new Outbox(axon.sql(), c.getComponent(PersonalDataVault.class)), axon.sql(),
            c.getComponent(PersonalDataVault.class)))
        // queues WhatsApp messages in the command's transaction
        .subscribing(WhatsAppOutboxProjection.NAME, c -> new WhatsAppOutboxProjection(axon.sql()))
        // records the id of the WhatsApp message a command came from, in the command's transaction
        .commandInterceptor(new WhatsAppReceipts(null, axon.sql(), null));
  }

  @Override
  public void prepare(Backend backend) {
    Config config = backend.config();
    if (config.whatsappPhoneNumberId().isPresent()
        && (config.whatsappDefaultAddressee().isEmpty() || config.whatsappAppSecret().isEmpty())) {
      throw new IllegalStateException("The WhatsApp channel needs WHATSAPP_DEFAULT_ADDRESSEE and WHATSAPP_APP_SECRET "
          + "besides WHATSAPP_PHONE_NUMBER_ID");
    }
  }

  @Override
  public void wire(Node node) {
    Config config = node.config();
    WhatsAppKeys keys = new WhatsAppKeys(node.masterKey());
    WhatsAppWebhook webhook = new WhatsAppWebhook(config, node.pool(), keys);
    node.routes(webhook);
    if (config.whatsappPhoneNumberId().isPresent()) {
      LOG.info("The WhatsApp channel is on for phone number id {}", config.whatsappPhoneNumberId().get());
      CitizenDataVault vault = (CitizenDataVault) node.component(PersonalDataVault.class);
      node.verticle(() -> new WhatsAppInbound(config, node.pool(), node.commands(), keys))
          .verticle(() -> new WhatsAppSender(config, node.pool(), vault, keys));
    }
  }
}
