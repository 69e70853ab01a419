package al.tirana.councilline.request;

/** Mails a citizen who lost their access codes the new codes of their open requests, in one mail. */
public interface RecoveryMail {

  /**
   * Keeps a reissued access code, sealed with the citizen's key, for the recovery's mail; the {@code last} request of
   * the recovery queues the one mail that lists them all.
   */
  void reissued(String recoveryId, String number, String citizenId, String accessCode, boolean last);
}
