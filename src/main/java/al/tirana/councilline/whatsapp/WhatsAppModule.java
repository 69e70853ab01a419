package al.tirana.councilline.whatsapp;

import al.tirana.councilline.core.Commands;
import al.tirana.councilline.core.Config;
import al.tirana.councilline.core.MasterKey;
import al.tirana.councilline.core.Routes;
import al.tirana.councilline.core.Sql;
import al.tirana.councilline.request.CitizenDataVault;
import al.tirana.councilline.request.PersonalDataVault;
import al.tirana.councilline.request.SubmissionReceipts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import java.util.List;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All the wiring of the WhatsApp channel (WhatsApp Business Cloud API): the webhook's routes, the inbound and
 * outbound workers, and what runs inside commands (the receipt, the message ids, the outbox projection). Unset
 * WHATSAPP_PHONE_NUMBER_ID turns the channel off: the webhook answers 404 and no worker runs.
 */
public final class WhatsAppModule implements Routes {

  /** The contract's operations of the webhook, open to anyone: Meta proves itself by the signature. */
  public static final List<String> OPERATIONS = List.of("whatsappVerify", "whatsappWebhook");
  /** The projection that queues WhatsApp messages, in the command's transaction (a subscribing processor). */
  public static final String OUTBOX_PROJECTION = WhatsAppOutboxProjection.NAME;

  private static final Logger LOG = LoggerFactory.getLogger(WhatsAppModule.class);

  private final Config config;
  private final Pool pool;
  private final Commands commands;
  private final CitizenDataVault vault;
  private final WhatsAppKeys keys;
  private final WhatsAppWebhook webhook;

  public WhatsAppModule(Config config, Pool pool, Commands commands, CitizenDataVault vault, MasterKey masterKey) {
    this.config = config;
    this.pool = pool;
    this.commands = commands;
    this.vault = vault;
    this.keys = new WhatsAppKeys(masterKey);
    this.webhook = new WhatsAppWebhook(config, pool, keys);
  }

  /** The receipt of a submission: on WhatsApp for a request made from a WhatsApp message, else by mail. */
  public static SubmissionReceipts receipts(SubmissionReceipts mail, Sql sql, PersonalDataVault vault) {
    return new WhatsAppReceipts(mail, sql, vault);
  }

  /** Records the id of the WhatsApp message a command came from, in the command's transaction. */
  public static MessageHandlerInterceptor<CommandMessage<?>> inboundRecorder(Sql sql) {
    return new WhatsAppReceipts(null, sql, null);
  }

  public static Object outboxProjection(Sql sql) {
    return new WhatsAppOutboxProjection(sql);
  }

  @Override
  public void mount(RouterBuilder builder) {
    webhook.mount(builder);
  }

  /** Starts the workers when the channel is on; the answer lists their deployment ids, each after a comma. */
  public Future<String> deploy(Vertx vertx) {
    if (config.whatsappPhoneNumberId().isEmpty()) {
      return Future.succeededFuture("");
    }
    if (config.whatsappDefaultAddressee().isEmpty() || config.whatsappAppSecret().isEmpty()) {
      return Future.failedFuture(new IllegalStateException("The WhatsApp channel needs WHATSAPP_DEFAULT_ADDRESSEE "
          + "and WHATSAPP_APP_SECRET besides WHATSAPP_PHONE_NUMBER_ID"));
    }
    LOG.info("The WhatsApp channel is on for phone number id {}", config.whatsappPhoneNumberId().get());
    return vertx.deployVerticle(new WhatsAppInbound(config, pool, commands, keys))
        .compose(inbound -> vertx.deployVerticle(new WhatsAppSender(config, pool, vault, keys))
            .map(sender -> "," + inbound + "," + sender));
  }
}
