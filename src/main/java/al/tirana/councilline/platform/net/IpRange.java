package al.tirana.councilline.platform.net;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import io.netty.util.NetUtil;

/** One address or CIDR range, as TRUSTED_PROXIES lists them; read both by the configuration and the HTTP layer. */
public record IpRange(byte[] network, int prefix) {

  /** Every range of a comma-separated list; refuses the whole list at the first entry that is not one. */
  public static List<IpRange> parseList(String ranges) {
    List<IpRange> parsed = new ArrayList<>();
    for (String entry : ranges.split(",")) {
      if (!entry.isBlank()) {
        parsed.add(parse(entry.trim()));
      }
    }
    return List.copyOf(parsed);
  }

  public static IpRange parse(String entry) {
    int slash = entry.indexOf('/');
    byte[] network = bytes(slash < 0 ? entry : entry.substring(0, slash));
    if (network == null) {
      throw new IllegalArgumentException("TRUSTED_PROXIES: '" + entry + "' is not an IP address or CIDR range");
    }
    int prefix = network.length * 8;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(entry.substring(slash + 1));
      } catch (NumberFormatException ex) {
        throw new IllegalArgumentException("TRUSTED_PROXIES: '" + entry + "' has no prefix length after '/'", ex);
      }
      if (prefix < 0 || prefix > network.length * 8) {
        throw new IllegalArgumentException("TRUSTED_PROXIES: '" + entry + "' has a prefix length outside 0 to "
            + network.length * 8);
      }
    }
    return new IpRange(network, prefix);
  }

  public boolean contains(byte[] address) {
    if (address.length != network.length) {
      return false;
    }
    for (int bit = 0; bit < prefix; bit += 8) {
      int bits = Math.min(8, prefix - bit);
      int mask = (0xff << (8 - bits)) & 0xff;
      if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
        return false;
      }
    }
    return true;
  }

  /** An IP literal's bytes (IPv4-mapped IPv6 as IPv4), never a DNS lookup; null when it is not one. */
  public static byte[] bytes(String address) {
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
    if (bytes != null && bytes.length == 16 && isIpv4Mapped(bytes)) {
      return Arrays.copyOfRange(bytes, 12, 16);
    }
    return bytes;
  }

  private static boolean isIpv4Mapped(byte[] bytes) {
    for (int i = 0; i < 10; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
  }
}
