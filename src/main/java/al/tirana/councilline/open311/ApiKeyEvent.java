package al.tirana.councilline.open311;

import al.tirana.councilline.shared.Actor;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** Changes to the keys of integrating systems. Neither the secret nor its digest enters the log. */
public sealed interface ApiKeyEvent {

  String id();

  Actor by();

  Instant at();

  @Revision("1")
  record ApiKeyCreated(String id, String name, int rateLimitPerMinute, Actor by, Instant at) implements ApiKeyEvent {
  }

  @Revision("1")
  record ApiKeyRevoked(String id, Actor by, Instant at) implements ApiKeyEvent {
  }
}
