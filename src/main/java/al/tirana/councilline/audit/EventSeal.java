package al.tirana.councilline.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The hash chain over stored events: every field of the stored row, in a fixed order, after the previous hash. */
public final class EventSeal {

  /** The chain's starting point, before the first event. */
  public static final String GENESIS = "0".repeat(64);

  private EventSeal() {
  }

  public static String next(String previousHash, long globalIndex, String aggregateIdentifier, long sequenceNumber,
                            String eventIdentifier, String payloadType, String payloadRevision, String timeStamp,
                            byte[] metaData, byte[] payload) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(previousHash.getBytes(StandardCharsets.US_ASCII));
      sha.update(ByteBuffer.allocate(16).putLong(globalIndex).putLong(sequenceNumber).array());
      for (String field : new String[] {aggregateIdentifier, eventIdentifier, payloadType, payloadRevision,
          timeStamp}) {
        field(sha, field == null ? new byte[0] : field.getBytes(StandardCharsets.UTF_8));
      }
      field(sha, metaData == null ? new byte[0] : metaData);
      field(sha, payload);
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException(ex);
    }
  }

  /** Length-prefixed, so moving bytes from one field to the next changes the hash. */
  private static void field(MessageDigest sha, byte[] bytes) {
    sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
    sha.update(bytes);
  }
}
