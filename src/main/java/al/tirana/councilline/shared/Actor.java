package al.tirana.councilline.shared;

import java.util.Objects;

/**
 * Who caused an event. Stored in every event so auditors can answer "who did this" from the log alone.
 * A citizen is recorded without any personal data: the id is the request's citizen reference, never a name.
 */
public record Actor(String id, Role role) {

  public static final Actor SYSTEM = new Actor("system", Role.SYSTEM);

  public Actor {
    Objects.requireNonNull(id, "actor id");
    Objects.requireNonNull(role, "actor role");
  }

  public static Actor citizen(String citizenRef) {
    return new Actor(citizenRef, Role.CITIZEN);
  }
}
