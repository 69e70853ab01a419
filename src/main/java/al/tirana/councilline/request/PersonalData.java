package al.tirana.councilline.request;

/**
 * What a citizen tells the council about themselves and their matter. Only ever stored sealed; see
 * {@link SealedPersonalData}.
 */
public record PersonalData(String firstName, String lastName, String organization, String email, String phone,
                           String subject, String body) {
}
