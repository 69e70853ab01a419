package al.tirana.councilline.platform.http;

import al.tirana.councilline.platform.net.IpRange;
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

  private final List<IpRange> trusted;

  public ClientAddress(String trustedProxies) {
    this.trusted = IpRange.parseList(trustedProxies);
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
    byte[] bytes = IpRange.bytes(address);
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
    byte[] bytes = IpRange.bytes(address);
    return bytes == null ? null : NetUtil.bytesToIpAddress(bytes);
  }
}
