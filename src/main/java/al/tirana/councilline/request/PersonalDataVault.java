package al.tirana.councilline.request;

/** Seals personal data under a fresh per-citizen key and digests access codes; the only way plaintext enters. */
public interface PersonalDataVault {

  SealedPersonalData seal(PersonalData data);

  /** Seals more of an existing citizen's text under their existing key, so erasure covers it too. */
  SealedPersonalData sealFor(String citizenId, String text);

  String accessCodeDigest(String accessCode);

  /** Deletes the citizen's data key (crypto-shredding); true when there was one. */
  boolean erase(String citizenId);
}
