package al.tirana.councilline.sla;

import al.tirana.councilline.platform.axon.AxonWiring;
import al.tirana.councilline.platform.axon.TimerDataSource;
import al.tirana.councilline.platform.config.Config;
import al.tirana.councilline.platform.module.FeatureModule;
import al.tirana.councilline.platform.module.Node;
import com.github.kagkarlsson.scheduler.Scheduler;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurationScopeAwareProvider;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;

/** Due dates: the SLA calendar and its holidays, the timers that warn and escalate, and the SLA summary. */
public final class SlaModule implements FeatureModule {

  @Override
  public void axon(AxonWiring axon) {
    Config config = axon.config();
    axon.component(CachedHolidays.class, c -> new CachedHolidays(new HolidayTable(axon.transactions())))
        .component(SlaCalendar.class, c -> new SlaCalendar(config.slaUrgent(), config.slaNormal(),
            SlaMode.valueOf(config.slaMode().toUpperCase(Locale.ROOT)), config.slaWarningRemaining(),
            c.getComponent(CachedHolidays.class)))
        .component(Escalation.class, c -> new Escalation(config.escalationEmail()))
        .deadlineManager(c -> deadlineManager(c, axon));
  }

  @Override
  public void wire(Node node) {
    CachedHolidays holidays = node.component(CachedHolidays.class);
    node.verticle(() -> new HolidayListener(holidays, node.database().connectOptions(node.vertx())))
        .routes(new HolidayRoutes(node.pool(), holidays))
        .routes(new SlaSummaryRoutes(node.pool()));
  }

  /**
   * SLA timers live in PostgreSQL (db-scheduler's scheduled_tasks), so they survive restarts and fire on one node.
   * db-scheduler polls every second, which is also the timers' precision.
   */
  private static DeadlineManager deadlineManager(Configuration c, AxonWiring axon) {
    AtomicReference<SlaDeadlineManager> manager = new AtomicReference<>();
    Scheduler scheduler = Scheduler.create(
            new TimerDataSource(axon.transactions(), axon.database().schedulerDataSource()),
            DbSchedulerDeadlineManager.binaryTask(manager::get))
        .threads(2)
        .pollingInterval(Duration.ofSeconds(1))
        .heartbeatInterval(Duration.ofSeconds(10))
        .build();
    manager.set(new SlaDeadlineManager(DbSchedulerDeadlineManager.builder()
        .scheduler(scheduler)
        .scopeAwareProvider(new ConfigurationScopeAwareProvider(c))
        .transactionManager(axon.transactions()), scheduler, axon.serializer()));
    return manager.get();
  }
}
