package al.tirana.councilline.sla;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;

/**
 * Makes this node forget its holiday calendar whenever the table changes on any node. While the listening
 * connection is down a change would go unheard, so the calendar is also forgotten each time it (re)connects.
 */
public final class HolidayListener extends VerticleBase {

  /** The channel projections/V13__sla_holiday_changes.sql notifies. */
  static final String CHANNEL = "councilline_holidays";

  private final CachedHolidays holidays;
  private final PgConnectOptions connectOptions;
  private PgSubscriber listener;

  public HolidayListener(CachedHolidays holidays, PgConnectOptions connectOptions) {
    this.holidays = holidays;
    this.connectOptions = connectOptions;
  }

  @Override
  public Future<?> start() {
    listener = PgSubscriber.subscriber(vertx, connectOptions).reconnectPolicy(retries -> 1_000L);
    listener.channel(CHANNEL)
        .handler(payload -> holidays.forget())
        .subscribeHandler(subscribed -> holidays.forget());
    return listener.connect();
  }

  @Override
  public Future<?> stop() {
    return listener.close();
  }
}
