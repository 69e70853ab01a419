package al.tirana.councilline.platform.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * A feature's HTTP operations: each is a method {@code void name(RoutingContext ctx)} marked with the
 * {@link Operation} of the contract it answers, attached to that operation at start-up.
 */
public interface Routes {

  /** Routes outside the contract (e.g. the WebSocket upgrade), added after the contract's routes. */
  default void mount(Router router) {
  }

  /** Wraps each of this feature's operation handlers, e.g. to answer their failures in a format of its own. */
  default Handler<RoutingContext> around(Handler<RoutingContext> handler) {
    return handler;
  }
}
