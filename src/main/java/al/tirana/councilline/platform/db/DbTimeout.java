package al.tirana.councilline.platform.db;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Query;
import io.vertx.sqlclient.SqlConnection;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * {@code DB_TIMEOUT}: how long anything waits for PostgreSQL before giving up. A stopped server refuses connections
 * at once, but a frozen one (or a lost network) accepts them and never answers, and no client setting bounds a wait
 * on a connection already open: only a timer does. The late answer, if it ever comes, is dropped (a connection that
 * arrives late is closed, so none leaks).
 */
public record DbTimeout(Vertx vertx, Duration duration) {

  /** The outcome of the work, or a {@link TimeoutException} once the timeout has passed without one. */
  public <T> Future<T> bound(Future<T> work) {
    Promise<T> promise = Promise.promise();
    long timer = vertx.setTimer(duration.toMillis(), id -> promise.tryFail(
        new TimeoutException("The database did not answer within " + duration.toMillis() + " ms")));
    work.onComplete(result -> {
      vertx.cancelTimer(timer);
      boolean inTime = result.succeeded() ? promise.tryComplete(result.result()) : promise.tryFail(result.cause());
      if (!inTime && result.succeeded() && result.result() instanceof SqlConnection late) {
        late.close();
      }
    });
    return promise.future();
  }

  /**
   * The pool with every round trip it starts bounded: each query's execution, each connection borrowed, each
   * {@code withConnection}/{@code withTransaction} as a whole. Work on a borrowed connection (a cursor streaming a
   * long export) is not bounded, since its length is the export's, not the database's.
   */
  public Pool pool(Pool pool) {
    Pool bounded = proxy(Pool.class, pool);
    // the proxy classes of the queries are made here, at start-up, rather than in the first request (creating a
    // query sends nothing to the database)
    bounded.query("SELECT 1");
    bounded.preparedQuery("SELECT 1");
    return bounded;
  }

  @SuppressWarnings("unchecked")
  private <T> T proxy(Class<T> type, Object target) {
    return (T) Proxy.newProxyInstance(DbTimeout.class.getClassLoader(), new Class<?>[] {type},
        new Bounded(target));
  }

  private final class Bounded implements InvocationHandler {

    private final Object target;

    Bounded(Object target) {
      this.target = target;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      if (method.getDeclaringClass() == Object.class) {
        return switch (method.getName()) {
          case "equals" -> proxy == args[0];
          case "hashCode" -> System.identityHashCode(proxy);
          default -> "bounded(" + target + ")";
        };
      }
      Object result;
      try {
        result = method.invoke(target, args);
      } catch (InvocationTargetException ex) {
        throw ex.getCause();
      }
      if ("close".equals(method.getName())) {
        return result;
      }
      if (result instanceof Future<?> future) {
        return bound(future);
      }
      Class<?> returned = method.getReturnType();
      if (result instanceof Query<?> && returned.isInterface() && Query.class.isAssignableFrom(returned)) {
        return proxy(returned, result);
      }
      return result;
    }
  }
}
