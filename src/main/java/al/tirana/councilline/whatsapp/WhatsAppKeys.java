package al.tirana.councilline.whatsapp;

import al.tirana.councilline.platform.keys.MasterKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The keys of the WhatsApp channel, all derived from the master key so every node shares them: the keyed hash that
 * finds a citizen by phone number without storing it, the seal of deliveries waiting in the inbox, and the seal of
 * the phone number of a reply that belongs to no request (a status asked for, an explanation).
 */
final class WhatsAppKeys {

  private final byte[] phoneKey;
  private final byte[] transitKey;

  WhatsAppKeys(MasterKey masterKey) {
    this.phoneKey = masterKey.derive("whatsapp-phone-hash");
    this.transitKey = masterKey.derive("whatsapp-transit");
  }

  String phoneHash(String waId) {
    return HexFormat.of().formatHex(MasterKey.hmac(phoneKey, waId.getBytes(StandardCharsets.UTF_8)));
  }

  byte[] sealDelivery(byte[] body) {
    return MasterKey.encrypt(transitKey, body, "whatsapp-inbox");
  }

  byte[] openDelivery(byte[] sealed) {
    return MasterKey.decrypt(transitKey, sealed, "whatsapp-inbox");
  }

  String sealPhone(String waId) {
    return Base64.getEncoder().encodeToString(
        MasterKey.encrypt(transitKey, waId.getBytes(StandardCharsets.UTF_8), "whatsapp-recipient"));
  }

  String openPhone(String sealed) {
    return new String(MasterKey.decrypt(transitKey, Base64.getDecoder().decode(sealed), "whatsapp-recipient"),
        StandardCharsets.UTF_8);
  }

  /** Meta's X-Hub-Signature-256 check: HMAC-SHA256 of the raw body with the app secret, compared in constant time. */
  static boolean signatureMatches(String appSecret, byte[] body, String header) {
    if (header == null || appSecret.isEmpty() || !header.startsWith("sha256=")) {
      return false;
    }
    byte[] expected = ("sha256=" + HexFormat.of().formatHex(
        MasterKey.hmac(appSecret.getBytes(StandardCharsets.UTF_8), body))).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, header.trim().toLowerCase(java.util.Locale.ROOT)
        .getBytes(StandardCharsets.US_ASCII));
  }
}
