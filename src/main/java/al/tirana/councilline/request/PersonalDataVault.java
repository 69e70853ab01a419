package al.tirana.councilline.request;

/** Seals personal data under a fresh per-citizen key and digests access codes; the only way plaintext enters. */
public interface PersonalDataVault {

  SealedPersonalData seal(PersonalData data);

  String accessCodeDigest(String accessCode);
}
