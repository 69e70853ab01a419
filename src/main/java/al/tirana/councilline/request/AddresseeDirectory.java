package al.tirana.councilline.request;

import java.util.Optional;

/** What the request lifecycle needs to know of the council directory: does this addressee exist, and is it active. */
public interface AddresseeDirectory {

  Optional<Boolean> isActive(Addressee addressee);
}
