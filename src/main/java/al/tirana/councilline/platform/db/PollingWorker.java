package al.tirana.councilline.platform.db;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A verticle that works through a table in rounds (an outbox, an inbox): one round at a time, on a timer and when
 * woken, and at once again after a round that says more is waiting, so a backlog drains at its own pace instead of
 * one round a tick. A round's failure is logged once per outage ({@link OutageLog}) and the timer tries again.
 */
public abstract class PollingWorker extends VerticleBase {

  private final long periodMillis;
  private final OutageLog failures;
  private boolean busy;
  private boolean woken;
  private boolean stopping;

  protected PollingWorker(long periodMillis, OutageLog failures) {
    this.periodMillis = periodMillis;
    this.failures = failures;
  }

  @Override
  public final Future<?> start() {
    return begin().onSuccess(v -> vertx.setPeriodic(periodMillis, id -> poll()));
  }

  @Override
  public final Future<?> stop() {
    stopping = true;
    return end();
  }

  /** What the worker opens before its first round (a client). */
  protected Future<?> begin() {
    return Future.succeededFuture();
  }

  /** What the worker closes when the node stops. */
  protected Future<?> end() {
    return Future.succeededFuture();
  }

  /** One round; true when more is waiting and the next round should follow at once. */
  protected abstract Future<Boolean> round();

  /**
   * Every claimed row's delivery, side by side; the list (in the rows' order) once all of them have completed. A
   * delivery settles its own row (it recovers from its failures), so one that still fails fails the round.
   */
  protected static <T> Future<List<Future<T>>> deliverEach(Iterable<Row> rows, Function<Row, Future<T>> delivery) {
    List<Future<T>> deliveries = new ArrayList<>();
    rows.forEach(row -> deliveries.add(delivery.apply(row)));
    return Future.join(deliveries).map(all -> deliveries);
  }

  /** A round now, unless one is under way (the timer's tick). */
  protected final void poll() {
    if (busy || stopping) {
      return;
    }
    busy = true;
    woken = false;
    round().onComplete(done -> {
      busy = false;
      if (done.failed()) {
        failures.failed(done.cause());
        return;
      }
      failures.succeeded();
      if (done.result() || woken) {
        vertx.runOnContext(v -> poll());
      }
    });
  }

  /** A round now, or right after the one under way: something new is waiting. */
  protected final void wake() {
    if (busy) {
      woken = true;
    } else {
      poll();
    }
  }
}
