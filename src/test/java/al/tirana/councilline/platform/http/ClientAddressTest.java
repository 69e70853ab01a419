package al.tirana.councilline.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The client's address")
class ClientAddressTest {

  private final ClientAddress behindProxies = new ClientAddress("10.0.0.0/8, 192.168.1.5, 2001:db8::/32");

  @Test
  @DisplayName("is the TCP peer when no proxy is trusted, whatever X-Forwarded-For claims")
  void peerWithoutTrustedProxies() {
    ClientAddress direct = new ClientAddress("");
    assertThat(direct.resolve("203.0.113.7", List.of(), List.of("198.51.100.1"))).isEqualTo("203.0.113.7");
    assertThat(direct.resolve("10.1.2.3", List.of(), List.of("198.51.100.1"))).isEqualTo("10.1.2.3");
  }

  @Test
  @DisplayName("spells the TCP peer as the headers' addresses are: IPv6 compressed, without a scope, IPv4 as IPv4")
  void peerSpelling() {
    ClientAddress direct = new ClientAddress("");
    assertThat(direct.resolve("2001:db8:0:0:0:0:0:1", List.of(), List.of())).isEqualTo("2001:db8::1");
    assertThat(direct.resolve("fe80:0:0:0:0:0:0:1%eth0", List.of(), List.of())).isEqualTo("fe80::1");
    assertThat(direct.resolve("0:0:0:0:0:ffff:cb00:7107", List.of(), List.of())).isEqualTo("203.0.113.7");
    assertThat(behindProxies.resolve("2001:db8:0:0:0:0:0:5", List.of(), List.of("198.51.100.1")))
        .as("a trusted peer written in full").isEqualTo("198.51.100.1");
  }

  @Test
  @DisplayName("reads only the header the proxies maintain when TRUSTED_PROXY_HEADER names it, so a client cannot "
      + "make the two disagree to be counted as the proxy")
  void oneNamedHeader() {
    ClientAddress legacyOnly = new ClientAddress("10.0.0.0/8", "x-forwarded-for");
    ClientAddress standardOnly = new ClientAddress("10.0.0.0/8", "Forwarded");
    List<String> forgedForwarded = List.of("for=203.0.113.99");
    List<String> forgedForwardedFor = List.of("203.0.113.98");

    assertThat(behindProxies.resolve("10.0.0.1", forgedForwarded, List.of("198.51.100.1")))
        .as("both read: they disagree, so the proxy's").isEqualTo("10.0.0.1");
    assertThat(legacyOnly.resolve("10.0.0.1", forgedForwarded, List.of("198.51.100.1"))).isEqualTo("198.51.100.1");
    assertThat(legacyOnly.resolve("10.0.0.1", forgedForwarded, List.of())).as("Forwarded alone is not read")
        .isEqualTo("10.0.0.1");
    assertThat(standardOnly.resolve("10.0.0.1", List.of("for=198.51.100.1"), forgedForwardedFor))
        .isEqualTo("198.51.100.1");
    assertThat(standardOnly.resolve("10.0.0.1", List.of(), forgedForwardedFor)).as("X-Forwarded-For is not read")
        .isEqualTo("10.0.0.1");
    assertThatThrownBy(() -> new ClientAddress("10.0.0.0/8", "X-Real-IP")).hasMessageContaining("X-Real-IP");
  }

  @Test
  @DisplayName("gives the rate limits an IPv4 client's address and an IPv6 client's /64")
  void limitKeys() {
    assertThat(ClientAddress.limitKey("203.0.113.7")).isEqualTo("203.0.113.7");
    assertThat(ClientAddress.limitKey("2001:db8:1:2:3:4:5:6")).isEqualTo("2001:db8:1:2::/64");
    assertThat(ClientAddress.limitKey("2001:db8:1:2::")).isEqualTo("2001:db8:1:2::/64");
    assertThat(ClientAddress.limitKey("::1")).isEqualTo("::/64");
    assertThat(ClientAddress.limitKey("::ffff:203.0.113.7")).as("IPv4 written as IPv6").isEqualTo("203.0.113.7");
    assertThat(ClientAddress.limitKey("64:ff9b::cb00:7107")).as("IPv4 through NAT64").isEqualTo("203.0.113.7");
    assertThat(ClientAddress.limitKey("64:ff9b:1::cb00:7107")).as("not the well-known NAT64 prefix")
        .isEqualTo("64:ff9b:1::/64");
    assertThat(ClientAddress.limitKey("not-an-address")).isEqualTo("not-an-address");
  }

  @Test
  @DisplayName("is the TCP peer when the peer is not a trusted proxy")
  void untrustedPeer() {
    assertThat(behindProxies.resolve("203.0.113.7", List.of(), List.of("198.51.100.1"))).isEqualTo("203.0.113.7");
  }

  @Test
  @DisplayName("is the address a trusted proxy received the request from")
  void forwardedByTrustedProxy() {
    assertThat(behindProxies.resolve("10.1.2.3", List.of(), List.of("198.51.100.1"))).isEqualTo("198.51.100.1");
    assertThat(behindProxies.resolve("192.168.1.5", List.of(), List.of("198.51.100.1:51234")))
        .isEqualTo("198.51.100.1");
    assertThat(behindProxies.resolve("10.1.2.3", List.of(), List.of())).as("no header").isEqualTo("10.1.2.3");
  }

  @Test
  @DisplayName("skips every trusted proxy in a chain, and ignores what the client wrote before its own address")
  void chainsAndForgeries() {
    assertThat(behindProxies.resolve("10.0.0.9", List.of(), List.of("198.51.100.1, 192.168.1.5, 10.0.0.5")))
        .isEqualTo("198.51.100.1");
    assertThat(behindProxies.resolve("10.0.0.9", List.of(), List.of("1.1.1.1, 198.51.100.1")))
        .as("a forged left-most entry").isEqualTo("198.51.100.1");
    assertThat(behindProxies.resolve("10.0.0.9", List.of(), List.of("1.1.1.1", "198.51.100.1")))
        .as("over two headers").isEqualTo("198.51.100.1");
    assertThat(behindProxies.resolve("10.0.0.9", List.of(), List.of("10.0.0.7, 10.0.0.8")))
        .as("only proxies: the farthest").isEqualTo("10.0.0.7");
    assertThat(behindProxies.resolve("10.0.0.9", List.of(), List.of("unknown, 10.0.0.8")))
        .as("an entry that is not an address").isEqualTo("10.0.0.8");
  }

  @Test
  @DisplayName("matches IPv6 ranges and IPv4 addresses written as IPv6")
  void ipv6() {
    assertThat(behindProxies.resolve("2001:db8:0:1::5", List.of(), List.of("[2001:db9::1]:443")))
        .isEqualTo("2001:db9::1");
    assertThat(behindProxies.resolve("::ffff:10.1.2.3", List.of(), List.of("198.51.100.1"))).isEqualTo("198.51.100.1");
    assertThat(behindProxies.resolve("2001:db9::5", List.of(), List.of("198.51.100.1"))).isEqualTo("2001:db9::5");
  }

  @Test
  @DisplayName("is read from a trusted proxy's Forwarded header like X-Forwarded-For, right to left")
  void forwarded() {
    assertThat(behindProxies.resolve("10.1.2.3", List.of("for=198.51.100.1"), List.of())).isEqualTo("198.51.100.1");
    assertThat(behindProxies.resolve("10.0.0.9", List.of("for=1.1.1.1, for=198.51.100.1;proto=https, "
        + "for=\"[2001:db8::5]:8080\";by=10.0.0.9"), List.of())).as("a forged entry and a trusted IPv6 proxy")
        .isEqualTo("198.51.100.1");
    assertThat(behindProxies.resolve("10.0.0.9", List.of("for=1.1.1.1", "for=\"[2001:db9::7]:4711\"",
        "For=10.0.0.5"), List.of())).as("over three headers").isEqualTo("2001:db9::7");
    assertThat(behindProxies.resolve("10.0.0.9", List.of("for=10.0.0.7, for=10.0.0.8"), List.of()))
        .as("only proxies: the farthest").isEqualTo("10.0.0.7");
    assertThat(behindProxies.resolve("203.0.113.7", List.of("for=198.51.100.1"), List.of()))
        .as("from an untrusted peer").isEqualTo("203.0.113.7");
    assertThat(new ClientAddress("").resolve("10.1.2.3", List.of("for=198.51.100.1"), List.of()))
        .as("with no proxy trusted").isEqualTo("10.1.2.3");
  }

  @Test
  @DisplayName("stops at the trusted proxy that forwarded an unknown, hidden or malformed Forwarded entry")
  void forwardedUnusable() {
    for (String unusable : List.of("for=unknown", "for=_hidden", "for=\"_hidden:_port\"", "proto=https",
        "for=198.51.100.1:80", "for=2001:db9::1", "for=198.51.100.1;for=198.51.100.2",
        "for=\"198.51.100.1\"x", "=198.51.100.1", "for", "for=\"[2001:db9::1\"")) {
      assertThat(behindProxies.resolve("10.0.0.9", List.of("for=198.51.100.7, " + unusable + ", for=10.0.0.8"),
          List.of())).as(unusable).isEqualTo("10.0.0.8");
      assertThat(behindProxies.resolve("10.0.0.9", List.of("for=198.51.100.7, " + unusable), List.of()))
          .as(unusable + " right at the peer").isEqualTo("10.0.0.9");
    }
    assertThat(behindProxies.resolve("10.0.0.9", List.of("for=\"1.1.1.1, for=198.51.100.1"), List.of()))
        .as("a quote the client left open swallows what the proxy appended").isEqualTo("10.0.0.9");
  }

  @Test
  @DisplayName("is believed from both headers only when they agree, and is the trusted peer when they do not")
  void bothHeaders() {
    assertThat(behindProxies.resolve("10.0.0.9", List.of("for=198.51.100.1"), List.of("198.51.100.1")))
        .isEqualTo("198.51.100.1");
    assertThat(behindProxies.resolve("10.0.0.9", List.of("for=\"[2001:db9::1]:4711\", for=10.0.0.5"),
        List.of("1.1.1.1, 2001:db9:0::1"))).as("agreeing after normalisation").isEqualTo("2001:db9::1");
    assertThat(behindProxies.resolve("10.0.0.9", List.of("for=1.1.1.1"), List.of("198.51.100.1")))
        .as("a Forwarded the proxy passed on from the client").isEqualTo("10.0.0.9");
    assertThat(behindProxies.resolve("10.0.0.9", List.of("for=198.51.100.1"), List.of("1.1.1.1")))
        .as("an X-Forwarded-For the proxy passed on from the client").isEqualTo("10.0.0.9");
    assertThat(behindProxies.resolve("203.0.113.7", List.of("for=1.1.1.1"), List.of("1.1.1.1")))
        .as("from an untrusted peer").isEqualTo("203.0.113.7");
  }

  @Test
  @DisplayName("refuses a trusted proxy that is not an address or range")
  void refusesBadRanges() {
    assertThatThrownBy(() -> new ClientAddress("proxy.internal")).hasMessageContaining("proxy.internal");
    assertThatThrownBy(() -> new ClientAddress("10.0.0.0/33")).hasMessageContaining("10.0.0.0/33");
    assertThatThrownBy(() -> new ClientAddress("10.0.0.0/x")).hasMessageContaining("10.0.0.0/x");
  }
}
