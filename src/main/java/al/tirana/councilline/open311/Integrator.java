package al.tirana.councilline.open311;

import al.tirana.councilline.shared.Actor;
import al.tirana.councilline.shared.Role;

/**
 * A system that was shown its key by an administrator and has just proven it. It acts as itself: its name is the
 * actor of what it submits, with the role of another system, never of a council account.
 */
public record Integrator(String keyId, String name, int rateLimitPerMinute) {

  public Actor actor() {
    return new Actor(name, Role.SYSTEM);
  }
}
