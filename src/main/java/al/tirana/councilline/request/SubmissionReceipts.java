package al.tirana.councilline.request;

/** Sends the citizen their number and access code; the code exists only during submission, so it is done there. */
public interface SubmissionReceipts {

  void acknowledge(String number, String citizenId, String accessCode, String language);

}
