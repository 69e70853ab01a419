package al.tirana.councilline.shared;

import java.util.Optional;

/** What the request lifecycle needs to know of the council directory: does this addressee exist, and is it active. */
public interface AddresseeDirectory {

  Optional<Boolean> isActive(Addressee addressee);

  /** The addressee's public name (a counselor's full name, a commission's name), if the directory has it. */
  default Optional<String> name(Addressee addressee) {
    return Optional.empty();
  }

  /**
   * Where a request on this topic goes when the citizen names no addressee: the active commission whose policy
   * areas include it, else the configured default commission; empty when there is neither.
   */
  default Optional<Addressee> routeByTopic(Category category) {
    return Optional.empty();
  }
}
