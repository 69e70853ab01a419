package al.tirana.councilline.open311;

import al.tirana.councilline.shared.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** What administrators may do with the keys of integrating systems. */
public sealed interface ApiKeyCommand {

  /** The secret never reaches the command bus: only its digest, which the aggregate hands to the key table. */
  record CreateApiKey(String id, String name, int rateLimitPerMinute, String keyHash, Actor by)
      implements ApiKeyCommand {
  }

  record RevokeApiKey(@TargetAggregateIdentifier String id, Actor by) implements ApiKeyCommand {
  }
}
