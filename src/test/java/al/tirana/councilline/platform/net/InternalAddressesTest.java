package al.tirana.councilline.platform.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Addresses in the council's own network")
class InternalAddressesTest {

  @ParameterizedTest(name = "{0} is internal")
  @DisplayName("are loopback, private, link-local, unspecified, multicast and carrier-grade NAT, IPv4 or IPv6")
  @ValueSource(strings = {
      "127.0.0.1", "127.8.9.10", "::1", "[::1]", "::ffff:127.0.0.1", "::127.0.0.1",
      "10.0.0.1", "172.16.0.1", "172.31.255.254", "192.168.1.1", "fc00::1", "fd12:3456:789a::1",
      "169.254.169.254", "169.254.0.1", "fe80::1", "[fe80::1]", "::ffff:169.254.169.254", "fd00:ec2::254",
      "0.0.0.0", "0.1.2.3", "::", "224.0.0.1", "239.255.255.250", "ff02::1",
      "100.64.0.1", "100.127.255.254", "localhost"})
  void internal(String host) throws Exception {
    assertThat(InternalAddresses.firstInternal(host)).as(host).isPresent();
  }

  @ParameterizedTest(name = "{0} is public")
  @DisplayName("do not include the addresses just outside those ranges, nor public ones")
  @ValueSource(strings = {"8.8.8.8", "93.184.215.14", "11.0.0.1", "172.15.255.255", "172.32.0.1", "192.169.0.1",
      "169.253.255.255", "100.63.255.255", "100.128.0.1", "2001:4860:4860::8888", "[2a00:1450:4001::1]",
      "fbff::1"})
  void publicAddress(String host) throws Exception {
    assertThat(InternalAddresses.firstInternal(host)).as(host).isEmpty();
  }

  @Test
  @DisplayName("judge a name by every address it resolves to")
  void name() throws Exception {
    assertThat(InetAddress.getAllByName("localhost")).extracting(InetAddress::getHostAddress).contains("127.0.0.1");
    assertThat(InternalAddresses.firstInternal("localhost")).get().matches(InetAddress::isLoopbackAddress);
  }
}
