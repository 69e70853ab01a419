package al.tirana.councilline.request;

/**
 * A citizen's personal data and message, encrypted with that citizen's own data key (AES-GCM).
 * {@code ciphertext} is base64 of IV followed by the GCM output; the event log never holds the plaintext.
 */
public record SealedPersonalData(String citizenId, String ciphertext) {
}
