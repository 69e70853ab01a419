package al.tirana.councilline.platform.http;

import io.vertx.ext.web.openapi.router.RouterBuilder;

/** A feature's HTTP operations, attached to the operations of the OpenAPI contract by their operationId. */
public interface Routes {

  void mount(RouterBuilder builder);

  /** Routes outside the contract (e.g. the WebSocket upgrade), added after the contract's routes. */
  default void mount(io.vertx.ext.web.Router router) {
  }
}
