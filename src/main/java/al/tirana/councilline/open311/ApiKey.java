package al.tirana.councilline.open311;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import al.tirana.councilline.platform.domain.DomainException;
import al.tirana.councilline.open311.ApiKeyCommand.CreateApiKey;
import al.tirana.councilline.open311.ApiKeyCommand.RevokeApiKey;
import al.tirana.councilline.open311.ApiKeyEvent.ApiKeyCreated;
import al.tirana.councilline.open311.ApiKeyEvent.ApiKeyRevoked;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

/** One integrator's key: created once, revoked once, for good (an integrator that needs a new one gets a new key). */
public class ApiKey {

  @AggregateIdentifier
  private String id;
  private boolean revoked;

  protected ApiKey() {
    // for Axon's event sourcing
  }

  @CommandHandler
  public ApiKey(CreateApiKey cmd, ApiKeyDigests digests) {
    // the digest is written in this command's transaction, so a key exists with its digest or not at all
    apply(new ApiKeyCreated(cmd.id(), cmd.name(), cmd.rateLimitPerMinute(), cmd.by(),
        GenericEventMessage.clock.instant()));
    digests.store(cmd.id(), cmd.keyHash());
  }

  @CommandHandler
  public void handle(RevokeApiKey cmd) {
    if (revoked) {
      throw DomainException.conflict("API_KEY_REVOKED", "The API key " + id + " is already revoked");
    }
    apply(new ApiKeyRevoked(id, cmd.by(), GenericEventMessage.clock.instant()));
  }

  @EventSourcingHandler
  void on(ApiKeyCreated event) {
    id = event.id();
  }

  @EventSourcingHandler
  void on(ApiKeyRevoked event) {
    revoked = true;
  }
}
