package al.tirana.councilline.platform.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Addresses inside the council's own network or the machine itself, which a URL an administrator registers must not
 * reach (server-side request forgery): loopback, private (RFC 1918, fc00::/7), link-local (169.254/16 with the cloud
 * metadata service, fe80::/10), unspecified, multicast and carrier-grade NAT (100.64/10).
 */
public final class InternalAddresses {

  /** The kinds {@link InetAddress} does not name itself; 0.0.0.0/8 is reached as this host on Linux. */
  private static final List<IpRange> RANGES = List.of(IpRange.parse("100.64.0.0/10"), IpRange.parse("fc00::/7"),
      IpRange.parse("0.0.0.0/8"));

  private InternalAddresses() {
  }

  public static boolean internal(InetAddress address) {
    if (address instanceof Inet6Address v6 && v6.isIPv4CompatibleAddress()) {
      // ::a.b.c.d carries an IPv4 address; judged as that address
      try {
        return internal(InetAddress.getByAddress(Arrays.copyOfRange(v6.getAddress(), 12, 16)));
      } catch (UnknownHostException ex) {
        throw new IllegalStateException("four bytes are always an IPv4 address", ex);
      }
    }
    byte[] bytes = address.getAddress();
    return address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
        || address.isAnyLocalAddress() || address.isMulticastAddress()
        || RANGES.stream().anyMatch(range -> range.contains(bytes));
  }

  /**
   * The first internal address {@code host} (a name, or an IP literal, IPv6 in brackets or not) resolves to.
   * Blocking: a name is looked up in DNS, so never call it on an event loop.
   *
   * @throws UnknownHostException when the name does not resolve
   */
  public static Optional<InetAddress> firstInternal(String host) throws UnknownHostException {
    for (InetAddress address : InetAddress.getAllByName(host)) {
      if (internal(address)) {
        return Optional.of(address);
      }
    }
    return Optional.empty();
  }
}
