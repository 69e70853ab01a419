package al.tirana.councilline.request;

/**
 * What a citizen tells the council about themselves and their matter. Only ever stored sealed; see
 * {@link SealedPersonalData}. {@code mediaUrl} (a photo an Open311 client sent) is sealed too: a picture may show
 * people; data sealed before it existed reads it as null.
 */
public record PersonalData(String firstName, String lastName, String organization, String email, String phone,
                           String subject, String body, String mediaUrl) {

  public PersonalData(String firstName, String lastName, String organization, String email, String phone,
                      String subject, String body) {
    this(firstName, lastName, organization, email, phone, subject, body, null);
  }
}
