package al.tirana.councilline.platform.axon;

import al.tirana.councilline.platform.domain.DomainException;
import al.tirana.councilline.platform.http.ApiException;
import al.tirana.councilline.platform.http.DatabaseUnavailable;
import al.tirana.councilline.platform.observe.Telemetry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;

/** The command timer of a node: every command sent from HTTP, by type and outcome. */
public final class CommandOutcomes {

  private final MeterRegistry registry;

  private CommandOutcomes(MeterRegistry registry) {
    this.registry = registry;
  }

  public static CommandOutcomes of(Vertx vertx) {
    return new CommandOutcomes(Telemetry.registry(vertx));
  }

  /** {@code failure} null for a command that succeeded. */
  public void record(String command, Throwable failure, long nanos) {
    String outcome = failure == null ? "ok"
        : failure instanceof DomainException || failure instanceof ApiException api && api.status() < 500 ? "rejected"
        : DatabaseUnavailable.causedBy(failure) || failure instanceof DatabaseUnavailable ? "unavailable"
        : "failed";
    Timer.builder(Telemetry.COMMANDS).description("Commands sent, by type and outcome")
        .tags("command", command, "outcome", outcome).register(registry).record(nanos, TimeUnit.NANOSECONDS);
  }
}
