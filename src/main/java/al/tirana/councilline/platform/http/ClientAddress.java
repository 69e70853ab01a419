package al.tirana.councilline.platform.http;

import io.netty.util.NetUtil;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where a request came from, for the rate limits and the security log. Without TRUSTED_PROXIES it is the TCP peer,
 * whatever X-Forwarded-For says, so a client cannot pick its own address. Behind reverse proxies listed there, every
 * citizen would otherwise share the proxy's address and its limit; then the client is the right-most address in
 * X-Forwarded-For that is not itself a trusted proxy, as each proxy appends the address it received the request
 * from and only entries to the right of an untrusted one can be forged.
 */
public final class ClientAddress implements PlatformHandler {

  private static final String KEY = "councilline.clientAddress";

  private final List<Range> trusted;

  public ClientAddress(String trustedProxies) {
    List<Range> ranges = new ArrayList<>();
    for (String entry : trustedProxies.split(",")) {
      if (!entry.isBlank()) {
        ranges.add(Range.parse(entry.trim()));
      }
    }
    this.trusted = List.copyOf(ranges);
  }

  /** The resolved address, put there by this handler at the root of the router. */
  public static String of(RoutingContext ctx) {
    String address = ctx.get(KEY);
    return address != null ? address : ctx.request().remoteAddress().hostAddress();
  }

  @Override
  public void handle(RoutingContext ctx) {
    ctx.put(KEY, resolve(ctx.request().remoteAddress().hostAddress(), ctx.request().headers().getAll(
        "X-Forwarded-For")));
    ctx.next();
  }

  /** The client's address, given the TCP peer's and the X-Forwarded-For headers in the order received. */
  String resolve(String peer, List<String> forwardedFor) {
    if (!isTrusted(peer) || forwardedFor.isEmpty()) {
      return peer;
    }
    List<String> hops = new ArrayList<>();
    forwardedFor.forEach(header -> Arrays.stream(header.split(",")).map(String::trim).forEach(hops::add));
    String client = peer;
    for (int i = hops.size() - 1; i >= 0; i--) {
      String hop = literal(hops.get(i));
      if (hop == null) {
        // "unknown", an obfuscated name or garbage: the nearest proxy that named it is as far as is known
        return client;
      }
      client = hop;
      if (!isTrusted(hop)) {
        return hop;
      }
    }
    return client;
  }

  private boolean isTrusted(String address) {
    byte[] bytes = bytes(address);
    return bytes != null && trusted.stream().anyMatch(range -> range.contains(bytes));
  }

  /** The address of one hop without a port or brackets, normalised, or null when it is not an IP literal. */
  private static String literal(String hop) {
    String address = hop;
    if (address.startsWith("[") && address.contains("]")) {
      address = address.substring(1, address.indexOf(']'));
    } else if (address.indexOf(':') > 0 && address.indexOf(':') == address.lastIndexOf(':')) {
      address = address.substring(0, address.indexOf(':'));
    }
    byte[] bytes = bytes(address);
    return bytes == null ? null : NetUtil.bytesToIpAddress(bytes);
  }

  /** An IP literal's bytes (IPv4-mapped IPv6 as IPv4), never a DNS lookup; null when it is not one. */
  private static byte[] bytes(String address) {
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

  /** One address or CIDR range of TRUSTED_PROXIES. */
  private record Range(byte[] network, int prefix) {

    static Range parse(String entry) {
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
      return new Range(network, prefix);
    }

    boolean contains(byte[] address) {
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
  }
}
