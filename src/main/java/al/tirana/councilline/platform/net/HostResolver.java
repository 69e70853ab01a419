package al.tirana.councilline.platform.net;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A host name's addresses: the system's DNS when deployed; tests stand in for a DNS server that answers differently
 * from one lookup to the next. Blocking, so never called on an event loop.
 */
@FunctionalInterface
public interface HostResolver {

  HostResolver SYSTEM = InetAddress::getAllByName;

  /**
   * @throws UnknownHostException when the name does not resolve
   */
  InetAddress[] resolve(String host) throws UnknownHostException;
}
