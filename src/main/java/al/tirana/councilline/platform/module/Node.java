package al.tirana.councilline.platform.module;

import al.tirana.councilline.platform.axon.Commands;
import al.tirana.councilline.platform.config.Config;
import al.tirana.councilline.platform.db.Database;
import al.tirana.councilline.platform.http.Routes;
import al.tirana.councilline.platform.keys.MasterKey;
import al.tirana.councilline.platform.live.LiveHub;
import io.vertx.core.Deployable;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.axonframework.config.Configuration;

/**
 * A node being wired, as each feature module sees it: the shared pieces it may use, and where it hands over its
 * routes, verticles and periodic clean-ups. A feature that offers something to features wired after it
 * {@link #provide}s it; those {@link #get} it (modules are wired in the composition root's order). What they hand
 * over is kept in {@code handover}, which only the node reads.
 */
public record Node(Vertx vertx, Backend backend, Pool pool, Commands commands, LiveHub hub, Handover handover) {

  /** A node nothing has been handed over to yet. */
  public Node(Vertx vertx, Backend backend, Pool pool, Commands commands, LiveHub hub) {
    this(vertx, backend, pool, commands, hub, new Handover());
  }

  public Config config() {
    return backend.config();
  }

  public Database database() {
    return backend.database();
  }

  public MasterKey masterKey() {
    return backend.masterKey();
  }

  public Configuration axon() {
    return backend.axon();
  }

  /** An Axon component a module registered ({@code AxonWiring.component}). */
  public <T> T component(Class<T> type) {
    return backend.axon().getComponent(type);
  }

  public Node routes(Routes feature) {
    handover.routes.add(feature);
    return this;
  }

  /** A verticle deployed once per node, before the HTTP server starts. */
  public Node verticle(Supplier<? extends Deployable> verticle) {
    handover.verticles.add(verticle);
    return this;
  }

  /** Runs every minute, e.g. to forget expired counters. */
  public Node sweep(Runnable sweep) {
    handover.sweeps.add(sweep);
    return this;
  }

  public <T> Node provide(Class<T> type, T service) {
    if (handover.provided.putIfAbsent(type, service) != null) {
      throw new IllegalStateException(type.getSimpleName() + " is provided twice");
    }
    return this;
  }

  public <T> T get(Class<T> type) {
    return type.cast(Objects.requireNonNull(handover.provided.get(type),
        () -> type.getSimpleName() + " is provided by no module wired before this one"));
  }

  /** Who the caller is: the handler that reads credentials on every request, before authorization. */
  public Node authentication(AuthenticationHandler handler) {
    handover.authentication = handler;
    return this;
  }

  /** Who may call which operation: a guard per operationId, run before any feature's handler. */
  public Node authorization(Function<String, Handler<RoutingContext>> guard) {
    handover.authorization = guard;
    return this;
  }

  public List<Routes> routes() {
    return List.copyOf(handover.routes);
  }

  public List<Supplier<? extends Deployable>> verticles() {
    return List.copyOf(handover.verticles);
  }

  public List<Runnable> sweeps() {
    return List.copyOf(handover.sweeps);
  }

  public AuthenticationHandler authenticationHandler() {
    return Objects.requireNonNull(handover.authentication, "no module set the authentication handler");
  }

  public Function<String, Handler<RoutingContext>> authorizationGuard() {
    return Objects.requireNonNull(handover.authorization, "no module set the authorization guard");
  }

  /** Where the modules' routes, verticles, clean-ups, services and request guards are collected as they are wired. */
  public static final class Handover {

    private final List<Routes> routes = new ArrayList<>();
    private final List<Supplier<? extends Deployable>> verticles = new ArrayList<>();
    private final List<Runnable> sweeps = new ArrayList<>();
    private final Map<Class<?>, Object> provided = new HashMap<>();
    private AuthenticationHandler authentication;
    private Function<String, Handler<RoutingContext>> authorization;
  }
}
