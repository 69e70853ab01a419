package al.tirana.councilline.open311;

/** Where a new key's digest is kept: the key table, in the creating command's own transaction. */
public interface ApiKeyDigests {

  void store(String id, String keyHash);
}
