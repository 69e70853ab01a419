package al.tirana.councilline.identity;

/** Where password hashes live: a table of their own, written in the account command's transaction. */
public interface Credentials {

  void store(String username, String passwordHash);
}
