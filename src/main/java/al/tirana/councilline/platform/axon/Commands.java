package al.tirana.councilline.platform.axon;

import al.tirana.councilline.platform.http.DatabaseUnavailable;
import al.tirana.councilline.platform.db.DbTimeout;
import al.tirana.councilline.platform.domain.DomainException;
import al.tirana.councilline.platform.http.ApiException;

import al.tirana.councilline.platform.observe.TraceIds;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;

/**
 * Sends commands to Axon and brings the outcome back to the calling Vert.x context. The command itself runs on
 * Axon's command worker pool, never on an event loop. {@code timeout} is DB_TIMEOUT; {@code outcomes} times every
 * command sent.
 */
public record Commands(Vertx vertx, CommandGateway gateway, DbTimeout timeout, CommandOutcomes outcomes) {

  /**
   * The command's outcome, or 503 once DB_TIMEOUT has passed or the database failed under it. Either way the
   * command may still commit (its transaction can be on its way, or waiting for a worker), so the caller is told the
   * outcome is unknown rather than that it failed; a rule the command broke still comes back as itself.
   */
  public <R> Future<R> send(Object command) {
    // the trace id of the HTTP request that sends it goes into its events' metadata and its log lines
    CommandMessage<?> message = GenericCommandMessage.asCommandMessage(command);
    String traceId = TraceIds.current();
    if (traceId != null) {
      message = message.andMetaData(Map.of(TraceIds.METADATA_KEY, traceId));
    }
    long started = System.nanoTime();
    String type = message.getPayloadType().getSimpleName();
    Future<R> outcome = Future.fromCompletionStage(gateway.send(message), vertx.getOrCreateContext());
    return timeout.bound(outcome).recover(err -> Future.<R>failedFuture(
        err instanceof ApiException || err instanceof DomainException || !DatabaseUnavailable.causedBy(err) ? err : DatabaseUnavailable.outcomeUnknown()))
        .onComplete(done -> outcomes.record(type, done.failed() ? done.cause() : null, System.nanoTime() - started));
  }
}
