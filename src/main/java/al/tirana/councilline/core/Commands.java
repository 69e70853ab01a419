package al.tirana.councilline.core;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.axonframework.commandhandling.gateway.CommandGateway;

/**
 * Sends commands to Axon and brings the outcome back to the calling Vert.x context. The command itself runs on
 * Axon's command worker pool, never on an event loop.
 */
public final class Commands {

  private final Vertx vertx;
  private final CommandGateway gateway;

  public Commands(Vertx vertx, CommandGateway gateway) {
    this.vertx = vertx;
    this.gateway = gateway;
  }

  public <R> Future<R> send(Object command) {
    return Future.fromCompletionStage(gateway.send(command), vertx.getOrCreateContext());
  }
}
