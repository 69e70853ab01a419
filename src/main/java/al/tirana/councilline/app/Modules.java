package al.tirana.councilline.app;

import al.tirana.councilline.audit.AuditModule;
import al.tirana.councilline.directory.DirectoryModule;
import al.tirana.councilline.feed.FeedModule;
import al.tirana.councilline.identity.IdentityModule;
import al.tirana.councilline.guidance.GuidanceModule;
import al.tirana.councilline.notification.NotificationModule;
import al.tirana.councilline.open311.Open311Module;
import al.tirana.councilline.ops.OpsModule;
import al.tirana.councilline.platform.module.FeatureModule;
import al.tirana.councilline.request.RequestModule;
import al.tirana.councilline.sla.SlaModule;
import al.tirana.councilline.stats.StatsModule;
import al.tirana.councilline.webhook.WebhookModule;
import al.tirana.councilline.whatsapp.WhatsAppModule;
import java.util.List;

/**
 * Every feature of CouncilLine, the one list that knows them all. A feature is added with its module and one line
 * here. The order is the wiring order: a module that {@code get}s what another {@code provide}s comes after it.
 */
final class Modules {

  private Modules() {
  }

  /** New instances for each node, since a module may keep what one start-up phase hands the next. */
  static List<FeatureModule> all() {
    return List.of(
        new IdentityModule(),
        new DirectoryModule(),
        new RequestModule(),
        new SlaModule(),
        new FeedModule(),
        new AuditModule(),
        new NotificationModule(),
        new StatsModule(),
        new OpsModule(),
        new GuidanceModule(),
        new Open311Module(),
        // after the notification module: it wraps the mail receipt
        new WhatsAppModule(),
        new WebhookModule());
  }
}
