package al.tirana.councilline.webhook;

import al.tirana.councilline.platform.net.HostResolver;
import al.tirana.councilline.platform.net.InternalAddresses;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/**
 * A POST to a subscriber at the very address its name resolved to when it was checked. Were the Web Client to look
 * the name up again, a DNS server answering a public address to the check and an internal one a moment later (DNS
 * rebinding) would steer the request into the council's network. The request is sent to that address, while the URL
 * keeps its name for the Host header, TLS SNI and the certificate's host name check.
 */
record PinnedPost(Vertx vertx, HostResolver resolver, boolean allowPrivate) {

  /** The first of the name's addresses (the resolver's preferred one), once all of them passed the check. */
  Future<HttpResponse<Buffer>> send(WebClient client, String url, MultiMap headers, Buffer body, long timeoutMillis) {
    URI uri = URI.create(url);
    String host = uri.getHost();
    int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    return vertx.executeBlocking(() -> checked(host), false)
        .compose(address -> client.requestAbs(HttpMethod.POST,
                SocketAddress.inetSocketAddress(new InetSocketAddress(address, port)), url)
            .putHeaders(headers).timeout(timeoutMillis).sendBuffer(body)
            // which address was called, for an administrator reading lastError while a name moves
            .recover(err -> Future.failedFuture(err.getMessage() + " (" + host + " at " + address.getHostAddress()
                + ")")));
  }

  private InetAddress checked(String host) {
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(host);
    } catch (UnknownHostException ex) {
      throw new IllegalStateException("not sent: the host " + host + " does not resolve", ex);
    }
    if (!allowPrivate) {
      Optional<InetAddress> internal = Arrays.stream(addresses).filter(InternalAddresses::internal).findFirst();
      if (internal.isPresent()) {
        throw new IllegalStateException("not sent: " + refusal(host, internal.get()));
      }
    }
    return addresses[0];
  }

  /** Why a URL with this host may not be called. */
  static String refusal(String host, InetAddress internal) {
    return "the host " + host + " is, or resolves to, " + internal.getHostAddress() + ", an address in the council's "
        + "own network (loopback, private, link-local, unspecified, multicast or carrier-grade NAT); a subscriber must "
        + "be reachable on the internet";
  }
}
