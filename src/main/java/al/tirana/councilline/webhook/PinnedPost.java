package al.tirana.councilline.webhook;

import al.tirana.councilline.platform.net.HostResolver;
import al.tirana.councilline.platform.net.InternalAddresses;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/**
 * A POST to a subscriber at the very address its name resolved to when it was checked. Were the client to look the
 * name up again, a DNS server answering a public address to the check and an internal one a moment later (DNS
 * rebinding) would steer the request into the council's network. The request is sent to that address, while the URL
 * keeps its name for the Host header, TLS SNI and the certificate's host name check.
 *
 * <p>The whole of it, the lookup included, has one deadline. The client's own timeouts only bound the connection and
 * each silence on it, so a receiver trickling its answer a byte at a time would otherwise keep the delivery, and the
 * sender's slot, for ever. Once the deadline passes the request is reset (its connection closed): the attempt fails,
 * unless the answer's status had come, which then stands. The answer's body is never kept: only its status counts.
 */
record PinnedPost(Vertx vertx, WorkerExecutor dns, HostResolver resolver, boolean allowPrivate) {

  /** Body bytes of an answer read, and thrown away, before its connection is closed instead of read further. */
  static final int MAX_DISCARDED_BODY = 64 * 1024;

  /**
   * The answer's status, from the first of the name's addresses (the resolver's preferred one) once all of them
   * passed the check; failed, saying why, when it is refused, fails, or is not complete within {@code deadlineMillis}.
   */
  Future<Integer> send(HttpClient client, String url, MultiMap headers, Buffer body, long deadlineMillis) {
    URI uri = URI.create(url);
    String host = uri.getHost();
    int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    Promise<Integer> outcome = Promise.promise();
    Attempt attempt = new Attempt(host);
    long timer = vertx.setTimer(deadlineMillis, t -> attempt.expire(outcome, deadlineMillis));
    dns.executeBlocking(() -> {
          // a lookup queued behind slow ones may start after its deadline: then it is not worth a thread's time
          if (outcome.future().isComplete()) {
            throw new IllegalStateException("not looked up: the deadline passed first");
          }
          return checked(host);
        }, false)
        .compose(address -> {
          attempt.address = address;
          if (outcome.future().isComplete()) {
            // the deadline passed during the lookup: no connection is opened for an attempt already failed
            return Future.failedFuture("not sent: the deadline passed during the lookup");
          }
          // an IP literal, not the InetAddress that still carries the name: the client's connection pool is keyed by
          // the server address's host and port, and would otherwise reuse a connection to the name's earlier address
          return client.request(new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
                  .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress())).setHeaders(headers))
              .compose(request -> {
                attempt.request = request;
                if (outcome.future().isComplete()) {
                  request.reset();
                }
                return request.send(body);
              })
              .compose(response -> {
                attempt.status = response.statusCode();
                int[] read = {0};
                response.handler(chunk -> {
                  read[0] += chunk.length();
                  if (read[0] > MAX_DISCARDED_BODY) {
                    // the status is known; what else the receiver sends is not worth its connection
                    outcome.tryComplete(response.statusCode());
                    attempt.request.reset();
                  }
                });
                return response.end().map(v -> response.statusCode());
              })
              // which address was called, for an administrator reading lastError while a name moves
              .recover(err -> Future.failedFuture(String.valueOf(err.getMessage() != null ? err.getMessage() : err)
                  + attempt.where()));
        })
        .onComplete(done -> {
          if (done.succeeded()) {
            outcome.tryComplete(done.result());
          } else {
            outcome.tryFail(done.cause());
          }
        });
    return outcome.future().onComplete(done -> vertx.cancelTimer(timer));
  }

  /** What an attempt has got to so far, for the deadline to stop it; only touched on the caller's event loop. */
  private static final class Attempt {
    private final String host;
    private InetAddress address;
    private HttpClientRequest request;
    /** The answer's status once it has come (0 before). */
    private int status;

    Attempt(String host) {
      this.host = host;
    }

    /**
     * Ends the attempt at its deadline. A status already received is the receiver's answer, though its body is still
     * coming: a receiver that said 200 has the delivery, and sending it again would only make a duplicate.
     */
    void expire(Promise<Integer> outcome, long deadlineMillis) {
      boolean ended = status > 0 ? outcome.tryComplete(status)
          : outcome.tryFail("no complete answer within the delivery's deadline of " + deadlineMillis + " ms" + where());
      if (ended && request != null) {
        request.reset();
      }
    }

    String where() {
      return address == null ? " (" + host + ")" : " (" + host + " at " + address.getHostAddress() + ")";
    }
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
