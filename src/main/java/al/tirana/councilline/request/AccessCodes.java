package al.tirana.councilline.request;

import java.security.SecureRandom;

/** Draws citizens' access codes: twelve characters without the look-alikes (0/O, 1/I), about 60 bits. */
public final class AccessCodes {

  private static final String CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  private static final int CODE_LENGTH = 12;
  private static final SecureRandom RANDOM = new SecureRandom();

  private AccessCodes() {
  }

  public static String next() {
    StringBuilder code = new StringBuilder(CODE_LENGTH);
    for (int i = 0; i < CODE_LENGTH; i++) {
      code.append(CODE_ALPHABET.charAt(RANDOM.nextInt(CODE_ALPHABET.length())));
    }
    return code.toString();
  }
}
