package al.tirana.councilline.platform.http;

import al.tirana.councilline.platform.net.IpRange;
import io.netty.util.NetUtil;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code for=} nodes of RFC 7239 {@code Forwarded} headers, one per element, in the order the proxies appended
 * them. A node is empty when it names no address that can be used: {@code unknown}, an obfuscated identifier
 * ({@code _hidden}), an element without {@code for}, or an element that breaks the RFC's syntax (an unterminated
 * quote, an unquoted port or IPv6 address, a parameter given twice). {@link ClientAddress} stops its walk at such a
 * node, so a header a client mangled can only ever leave it at a trusted proxy's address, never at one of the
 * client's choosing. Parsing never throws: the header comes from anyone.
 */
final class ForwardedHeader {

  /** A node's port (RFC 7239, section 6): up to five digits, or an obfuscated one. */
  private static final Pattern PORT = Pattern.compile(":(\\d{1,5}|_[A-Za-z0-9._-]+)");

  private ForwardedHeader() {
  }

  /** Every element's node, left to right, over the header lines in the order received. */
  static List<Optional<String>> forNodes(List<String> lines) {
    List<Optional<String>> nodes = new ArrayList<>();
    for (String line : lines) {
      for (String element : split(line, ',')) {
        if (!element.isBlank()) {
          // an empty list element is no element at all (RFC 9110, 5.6.1), not a hop
          nodes.add(forNode(element));
        }
      }
    }
    return nodes;
  }

  private static Optional<String> forNode(String element) {
    Map<String, String> pairs = new HashMap<>();
    for (String pair : split(element, ';')) {
      if (pair.isBlank()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = equals < 0 ? "" : pair.substring(0, equals).trim().toLowerCase(Locale.ROOT);
      String value = equals < 0 ? null : value(pair.substring(equals + 1).trim());
      if (!isToken(name) || value == null || pairs.put(name, value) != null) {
        return Optional.empty();
      }
    }
    String node = pairs.get("for");
    return node == null ? Optional.empty() : address(node);
  }

  /** A token as it is, or a quoted string unquoted; null when it is neither. */
  private static String value(String raw) {
    if (!raw.startsWith("\"")) {
      return isToken(raw) ? raw : null;
    }
    StringBuilder unquoted = new StringBuilder();
    for (int i = 1; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '"') {
        return i == raw.length() - 1 ? unquoted.toString() : null;
      }
      if (c == '\\') {
        if (++i == raw.length()) {
          return null;
        }
        c = raw.charAt(i);
      }
      unquoted.append(c);
    }
    return null;
  }

  /**
   * The address of a node (RFC 7239, section 6), normalised and without its port: an IPv4 address or a bracketed
   * IPv6 one, each with an optional port or obfuscated port. Empty for {@code unknown}, an obfuscated name and
   * anything else.
   */
  private static Optional<String> address(String node) {
    String host;
    String port;
    if (node.startsWith("[")) {
      int close = node.indexOf(']');
      if (close < 0) {
        return Optional.empty();
      }
      host = node.substring(1, close);
      port = node.substring(close + 1);
      if (!NetUtil.isValidIpV6Address(host)) {
        return Optional.empty();
      }
    } else {
      int colon = node.indexOf(':');
      host = colon < 0 ? node : node.substring(0, colon);
      port = colon < 0 ? "" : node.substring(colon);
      if (!NetUtil.isValidIpV4Address(host)) {
        return Optional.empty();
      }
    }
    byte[] bytes = IpRange.bytes(host);
    if (bytes == null || !(port.isEmpty() || PORT.matcher(port).matches())) {
      return Optional.empty();
    }
    return Optional.of(NetUtil.bytesToIpAddress(bytes));
  }

  /** The parts of a header between separators outside quoted strings; an unterminated quote runs to the end. */
  private static List<String> split(String text, char separator) {
    List<String> parts = new ArrayList<>();
    int start = 0;
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted && c == '\\') {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && c == separator) {
        parts.add(text.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(text.substring(start));
    return parts;
  }

  /** RFC 9110's token: one or more of the visible characters that are not delimiters. */
  private static boolean isToken(String text) {
    if (text.isEmpty()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c <= 0x20 || c >= 0x7f || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
        return false;
      }
    }
    return true;
  }
}
