package al.tirana.councilline.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import al.tirana.councilline.platform.net.HostResolver;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.SelfSignedCertificate;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The tests play a DNS server that rebinds a name: its first answer for {@code subscriber.test} is not its later
 * ones. Two receivers listen on the same port at 127.0.0.1 and 127.0.0.2 and note what reached them, so a test sees
 * which address got the call. The name is not in any real DNS: a client that looked it up itself would fail; the
 * rebinding test uses localhost instead, which such a client would find at the receiver.
 */
@DisplayName("Webhook deliveries go to the address that was checked")
class PinnedPostTest {

  private static final String NAME = "subscriber.test";

  /** One request a receiver got: the address it was listening on, its Host header and path. */
  record Hit(String receiver, String host, String path) {
  }

  private static Vertx vertx;
  private static HttpClient client;
  private static WorkerExecutor lookupWorkers;
  /** The event loop the posts are made on, as the sender makes them on its own. */
  private static Context context;
  private static HttpServer first;
  private static HttpServer second;
  private static HttpServer tls;
  private static final Queue<Hit> HITS = new ConcurrentLinkedQueue<>();

  @BeforeAll
  static void listen() throws Exception {
    vertx = Vertx.vertx();
    first = receiver("127.0.0.1", 0, new HttpServerOptions());
    second = receiver("127.0.0.2", first.actualPort(), new HttpServerOptions());
    SelfSignedCertificate certificate = SelfSignedCertificate.create(NAME);
    tls = receiver("127.0.0.1", 0, new HttpServerOptions().setSsl(true)
        .setKeyCertOptions(certificate.keyCertOptions()));
    // the certificate is trusted, so a host name check against the name is all that can fail
    client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(2_000)
        .setTrustOptions(certificate.trustOptions()).setVerifyHost(true));
    lookupWorkers = vertx.createSharedWorkerExecutor("test-dns", 1);
    context = vertx.getOrCreateContext();
  }

  private static HttpServer receiver(String address, int port, HttpServerOptions options) {
    return vertx.createHttpServer(options).requestHandler(req -> {
      HITS.add(new Hit(address, req.authority().toString(), req.path()));
      if (req.path().equals("/trickle")) {
        trickle(req.response());
      } else if (req.path().equals("/silent")) {
        // reads the request and never answers
        req.response().closeHandler(v -> SILENT_CLOSED.complete(null));
      } else {
        req.response().setStatusCode(204).end();
      }
    }).listen(port, address).await();
  }

  /** Set when the client closed a trickled answer's connection. */
  private static final CompletableFuture<Void> TRICKLE_CLOSED = new CompletableFuture<>();
  /** Set when the client closed the connection of a request never answered. */
  private static final CompletableFuture<Void> SILENT_CLOSED = new CompletableFuture<>();

  /** A 200 whose chunked body never ends: a byte now and then, each well within any idle timeout. */
  private static void trickle(HttpServerResponse response) {
    response.setStatusCode(200).setChunked(true).write("x");
    long timer = vertx.setPeriodic(300, t -> response.write("x"));
    response.closeHandler(v -> {
      vertx.cancelTimer(timer);
      TRICKLE_CLOSED.complete(null);
    });
  }

  @AfterAll
  static void close() {
    client.close().await();
    lookupWorkers.close().await();
    vertx.close().await();
  }

  /**
   * Answers {@code firstAnswer} to the first lookup and {@code later} to every one after it; counts them. Like the
   * system's resolver, each address it answers carries the name it was looked up by.
   */
  record Rebinding(InetAddress firstAnswer, InetAddress later, AtomicInteger lookups) implements HostResolver {
    Rebinding(String firstAnswer, String later) throws Exception {
      this(InetAddress.getByName(firstAnswer), InetAddress.getByName(later), new AtomicInteger());
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
      InetAddress answer = lookups.getAndIncrement() == 0 ? firstAnswer : later;
      return new InetAddress[] {InetAddress.getByAddress(host, answer.getAddress())};
    }
  }

  private static int send(PinnedPost post, String url) {
    return send(post, url, 5_000);
  }

  private static int send(PinnedPost post, String url, long deadlineMillis) {
    Promise<Integer> status = Promise.promise();
    context.runOnContext(v -> post.send(client, url, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer("{}"),
        deadlineMillis).onComplete(status));
    // bounded, so a post that never ends fails the test instead of hanging it
    return status.future().timeout(30, TimeUnit.SECONDS).await();
  }

  private static PinnedPost post(HostResolver resolver, boolean allowPrivate) {
    return new PinnedPost(vertx, lookupWorkers, resolver, allowPrivate);
  }

  private static List<Hit> hits(String path) {
    return HITS.stream().filter(hit -> hit.path().equals(path)).toList();
  }

  @Test
  @DisplayName("connects to the address the name resolved to, keeping the name as Host, though it resolves elsewhere next")
  void connectsToTheResolvedAddress() throws Exception {
    Rebinding dns = new Rebinding("127.0.0.1", "127.0.0.2");
    PinnedPost post = post(dns, true);
    String url = "http://" + NAME + ":" + first.actualPort() + "/pinned";

    assertThat(send(post, url)).isEqualTo(204);
    assertThat(hits("/pinned")).containsExactly(new Hit("127.0.0.1", NAME + ":" + first.actualPort(), "/pinned"));
    assertThat(dns.lookups()).hasValue(1);

    // the next delivery looks the name up afresh, and goes where that lookup says
    assertThat(send(post, url)).isEqualTo(204);
    assertThat(hits("/pinned")).extracting(Hit::receiver).containsExactly("127.0.0.1", "127.0.0.2");
  }

  @Test
  @DisplayName("checks the host name of an https subscriber's certificate against the URL's name, not the address")
  void keepsTheNameForTls() throws Exception {
    PinnedPost post = post(new Rebinding("127.0.0.1", "127.0.0.1"), true);

    assertThat(send(post, "https://" + NAME + ":" + tls.actualPort() + "/tls")).isEqualTo(204);
    assertThat(hits("/tls")).extracting(Hit::host).containsExactly(NAME + ":" + tls.actualPort());
    // the same server at the same address, but a URL naming the address: the certificate does not match it
    assertThatThrownBy(() -> send(post, "https://127.0.0.1:" + tls.actualPort() + "/tls-by-address"))
        .hasMessageContaining("(127.0.0.1 at 127.0.0.1)");
    assertThat(hits("/tls-by-address")).isEmpty();
  }

  @Test
  @DisplayName("sends to the public address it checked, not to the internal one the name resolves to a moment later")
  void doesNotFollowARebinding() throws Exception {
    // 203.0.113.10 is a documentation address: public to the check, and nothing answers there. The name is
    // localhost, which the system resolves to the receiver: a client that looked the name up again would reach it
    Rebinding dns = new Rebinding("203.0.113.10", "127.0.0.1");
    PinnedPost post = post(dns, false);

    assertThatThrownBy(() -> send(post, "http://localhost:" + first.actualPort() + "/rebound"))
        .hasMessageContaining("(localhost at 203.0.113.10)");
    assertThat(dns.lookups()).hasValue(1);
    assertThat(hits("/rebound")).isEmpty();
  }

  @Test
  @DisplayName("refuses a name that resolves to an internal address before connecting, saying why")
  void refusesAnInternalAddress() throws Exception {
    PinnedPost post = post(new Rebinding("127.0.0.1", "127.0.0.1"), false);

    assertThatThrownBy(() -> send(post, "http://" + NAME + ":" + first.actualPort() + "/internal"))
        .hasMessageStartingWith("not sent: the host " + NAME + " is, or resolves to, 127.0.0.1")
        .hasMessageContaining("council's own network");
    assertThat(hits("/internal")).isEmpty();
  }

  @Test
  @DisplayName("at the delivery's deadline gives up on a receiver that does not answer, and takes the status of one "
      + "that answered but trickles its body; either connection is closed")
  void attemptsMeetTheDeadline() throws Exception {
    PinnedPost post = post(new Rebinding("127.0.0.1", "127.0.0.1"), true);
    String url = "http://" + NAME + ":" + first.actualPort();

    long started = System.nanoTime();
    assertThatThrownBy(() -> send(post, url + "/silent", 2_000))
        .hasMessageContaining("no complete answer within the delivery's deadline of 2000 ms")
        .hasMessageContaining("(" + NAME + " at 127.0.0.1)");
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isBetween(2_000L, 10_000L);
    SILENT_CLOSED.get(10, TimeUnit.SECONDS);

    started = System.nanoTime();
    assertThat(send(post, url + "/trickle", 2_000)).isEqualTo(200);
    // the bytes kept coming faster than any idle timeout: only the deadline ended it
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isBetween(2_000L, 10_000L);
    TRICKLE_CLOSED.get(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("does not look up a name for a delivery whose deadline passed while it queued, nor connect for one "
      + "whose lookup outlasted it")
  void lookupsAfterTheDeadline() throws Exception {
    CountDownLatch slowAnswer = new CountDownLatch(1);
    Map<String, AtomicInteger> lookups = new ConcurrentHashMap<>();
    HostResolver slowDns = host -> {
      lookups.computeIfAbsent(host, h -> new AtomicInteger()).incrementAndGet();
      if (host.equals("slow." + NAME)) {
        try {
          slowAnswer.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException ex) {
          Thread.currentThread().interrupt();
          throw new UnknownHostException(host);
        }
      }
      return new InetAddress[] {InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})};
    };
    PinnedPost post = post(slowDns, true);
    int port = first.actualPort();

    // the test's lookup pool has one thread: the second delivery's lookup queues behind the slow one
    assertThatThrownBy(() -> send(post, "http://slow." + NAME + ":" + port + "/slow-lookup", 300))
        .hasMessageContaining("deadline");
    assertThatThrownBy(() -> send(post, "http://queued." + NAME + ":" + port + "/queued-lookup", 300))
        .hasMessageContaining("deadline");
    slowAnswer.countDown();
    // a delivery after them is looked up and sent: the two before it have had their turn on the pool and the loop
    assertThat(send(post, "http://" + NAME + ":" + port + "/after-the-slow-lookup")).isEqualTo(204);
    assertThat(send(post, "http://" + NAME + ":" + port + "/after-the-slow-lookup")).isEqualTo(204);

    assertThat(lookups.get("queued." + NAME)).as("a lookup started after its deadline").isNull();
    assertThat(hits("/slow-lookup")).as("a connection for an attempt that had already failed").isEmpty();
    assertThat(hits("/after-the-slow-lookup")).hasSize(2);
  }
}
