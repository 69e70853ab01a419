package al.tirana.councilline.open311;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * The two formats of GeoReport v2, chosen by the resource's extension. A document is built once as JSON and written
 * as XML by naming each list's items (services hold service elements, service_requests hold request elements...).
 */
enum Open311Format {
  JSON("application/json; charset=utf-8"),
  XML("text/xml; charset=utf-8");

  private static final Map<String, String> ITEMS = Map.of("services", "service", "service_requests", "request",
      "attributes", "attribute", "values", "value", "endpoints", "endpoint", "formats", "format", "errors", "error");

  private final String contentType;

  Open311Format(String contentType) {
    this.contentType = contentType;
  }

  String contentType() {
    return contentType;
  }

  /** The format named by a file-like path segment's extension ("TR-2026-000001.json"), or null. */
  static Open311Format ofExtension(String extension) {
    return switch (extension) {
      case "json" -> JSON;
      case "xml" -> XML;
      default -> null;
    };
  }

  /** The document in this format; {@code root} names the XML root element. */
  String write(String root, Object document) {
    if (this == JSON) {
      return document instanceof JsonArray array ? array.encode() : ((JsonObject) document).encode();
    }
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
    element(xml, root, document);
    return xml.toString();
  }

  private static void element(StringBuilder xml, String name, Object value) {
    if (value == null) {
      xml.append('<').append(name).append("/>");
      return;
    }
    xml.append('<').append(name).append('>');
    if (value instanceof JsonArray array) {
      String item = ITEMS.getOrDefault(name, "item");
      array.forEach(v -> element(xml, item, v));
    } else if (value instanceof JsonObject object) {
      object.forEach(field -> element(xml, field.getKey(), field.getValue()));
    } else {
      escape(xml, String.valueOf(value));
    }
    xml.append("</").append(name).append('>');
  }

  /** Markup characters as entities; characters XML 1.0 cannot carry at all are left out. */
  private static void escape(StringBuilder xml, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> xml.append("&lt;");
        case '>' -> xml.append("&gt;");
        case '&' -> xml.append("&amp;");
        case '"' -> xml.append("&quot;");
        case '\'' -> xml.append("&apos;");
        default -> {
          if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
            xml.append(c);
          }
        }
      }
    }
  }
}
