package al.tirana.councilline.platform.http;

import al.tirana.councilline.platform.net.IpRange;
import io.netty.util.NetUtil;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Where a request came from, for the rate limits ({@link #limitKey}) and the security log. Without TRUSTED_PROXIES it
 * is the TCP peer, whatever X-Forwarded-For or Forwarded say, so a client cannot pick its own address. Behind reverse
 * proxies listed there, every citizen would otherwise share the proxy's address and its limit; then the client is the
 * right-most address that is not itself a trusted proxy, as each proxy appends the address it received the request
 * from and only entries to the right of an untrusted one can be forged. An entry that names no usable address
 * ("unknown", an obfuscated name, garbage) ends the walk at the proxy that wrote it: what lies beyond it cannot be
 * attributed.
 *
 * <p>The entries are read from X-Forwarded-For or from RFC 7239's Forwarded ({@link ForwardedHeader}). A proxy that
 * maintains one of them usually passes the other on as the client wrote it, so when a request carries both, they are
 * believed only if they lead to the same address; otherwise one of them is forged and there is no telling which, and
 * the request counts as the trusted peer's. A client could use that to be counted as the proxy, so where the header
 * the proxies maintain is known, TRUSTED_PROXY_HEADER names it and the other one is ignored.
 */
public final class ClientAddress implements PlatformHandler {

  private static final String KEY = "councilline.clientAddress";
  /** 64:ff9b::/96, under which NAT64 writes an IPv4 address. */
  private static final byte[] NAT64_PREFIX = {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};

  private final List<IpRange> trusted;
  /** Which header the trusted proxies maintain: x-forwarded-for, forwarded, or both (either, if they agree). */
  private final String header;

  public ClientAddress(String trustedProxies, String header) {
    this.trusted = IpRange.parseList(trustedProxies);
    this.header = header.toLowerCase(java.util.Locale.ROOT);
    if (!List.of("both", "x-forwarded-for", "forwarded").contains(this.header)) {
      throw new IllegalArgumentException("Not a header the proxies can be trusted with: " + header);
    }
  }

  /** Reading both headers, as when TRUSTED_PROXY_HEADER is not set. */
  public ClientAddress(String trustedProxies) {
    this(trustedProxies, "both");
  }

  /** The resolved address, put there by this handler at the root of the router. */
  public static String of(RoutingContext ctx) {
    String address = ctx.get(KEY);
    return address != null ? address : spelled(ctx.request().remoteAddress().hostAddress());
  }

  /** The key the rate limits count this request's client by ({@link #limitKey(String)}). */
  public static String limitKey(RoutingContext ctx) {
    return limitKey(of(ctx));
  }

  /**
   * The address itself for IPv4, its /64 for IPv6. A network is given a /64 at the least, and a host in it picks its
   * own addresses there (privacy extensions make a new one every day, and any host may add more at will), so a limit
   * per IPv6 address would let one client start afresh with each of 2^64 addresses.
   */
  static String limitKey(String address) {
    byte[] bytes = IpRange.bytes(address);
    if (bytes == null) {
      return address;
    }
    if (bytes.length == 4) {
      return NetUtil.bytesToIpAddress(bytes);
    }
    if (Arrays.equals(bytes, 0, 12, NAT64_PREFIX, 0, 12)) {
      // an IPv4 client translated by a NAT64 gateway (RFC 6052's well-known prefix): counted by its IPv4 address,
      // else every IPv4 citizen behind that gateway would share one /64
      return NetUtil.bytesToIpAddress(Arrays.copyOfRange(bytes, 12, 16));
    }
    Arrays.fill(bytes, 8, 16, (byte) 0);
    return NetUtil.bytesToIpAddress(bytes) + "/64";
  }

  @Override
  public void handle(RoutingContext ctx) {
    ctx.put(KEY, resolve(ctx.request().remoteAddress().hostAddress(), ctx.request().headers().getAll("Forwarded"),
        ctx.request().headers().getAll("X-Forwarded-For")));
    ctx.next();
  }

  /** The client's address, given the TCP peer's and the Forwarded and X-Forwarded-For headers in the order received. */
  String resolve(String tcpPeer, List<String> forwarded, List<String> forwardedFor) {
    String peer = spelled(tcpPeer);
    if (!isTrusted(peer)) {
      return peer;
    }
    // the header the proxies do not maintain is the client's own, when it is named: it is not read at all
    List<Optional<String>> standard = header.equals("x-forwarded-for") ? List.of()
        : ForwardedHeader.forNodes(forwarded);
    List<Optional<String>> legacy = new ArrayList<>();
    if (!header.equals("forwarded")) {
      forwardedFor.forEach(value -> Arrays.stream(value.split(",")).map(String::trim).map(ClientAddress::literal)
          .forEach(legacy::add));
    }
    if (standard.isEmpty() || legacy.isEmpty()) {
      return walk(peer, standard.isEmpty() ? legacy : standard);
    }
    String client = walk(peer, standard);
    return client.equals(walk(peer, legacy)) ? client : peer;
  }

  /** The right-most hop that is not a trusted proxy, or the farthest trusted one before a hop that is unusable. */
  private String walk(String peer, List<Optional<String>> hops) {
    String client = peer;
    for (int i = hops.size() - 1; i >= 0; i--) {
      Optional<String> hop = hops.get(i);
      if (hop.isEmpty()) {
        // the nearest proxy that named it is as far as is known
        return client;
      }
      client = hop.get();
      if (!isTrusted(client)) {
        return client;
      }
    }
    return client;
  }

  private boolean isTrusted(String address) {
    byte[] bytes = IpRange.bytes(address);
    return bytes != null && trusted.stream().anyMatch(range -> range.contains(bytes));
  }

  /**
   * The peer's address spelled as the headers' hops are (the JDK writes IPv6 in full, with a scope, where they are
   * compressed), so that one client has one rate-limit key and one spelling in the logs, however it arrived.
   */
  private static String spelled(String peer) {
    String address = peer.indexOf('%') > 0 ? peer.substring(0, peer.indexOf('%')) : peer;
    byte[] bytes = IpRange.bytes(address);
    return bytes == null ? peer : NetUtil.bytesToIpAddress(bytes);
  }

  /** The address of one X-Forwarded-For hop without a port or brackets, normalised, if it is an IP literal. */
  private static Optional<String> literal(String hop) {
    String address = hop;
    if (address.startsWith("[") && address.contains("]")) {
      address = address.substring(1, address.indexOf(']'));
    } else if (address.indexOf(':') > 0 && address.indexOf(':') == address.lastIndexOf(':')) {
      address = address.substring(0, address.indexOf(':'));
    }
    byte[] bytes = IpRange.bytes(address);
    return bytes == null ? Optional.empty() : Optional.of(NetUtil.bytesToIpAddress(bytes));
  }
}
