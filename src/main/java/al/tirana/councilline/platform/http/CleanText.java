package al.tirana.councilline.platform.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SecurityPolicyHandler;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The one check that text coming in is text: valid Unicode without NUL. PostgreSQL refuses NUL in text columns (the
 * write would fail deep inside a projection), and a lone UTF-16 surrogate cannot be encoded at all: the read models
 * would store "?" while the immutable event keeps the broken character for ever. So both are refused at the door,
 * with a 400, in the URI (path and query), in header values and in every string and key of a JSON body.
 */
public final class CleanText {

  private CleanText() {
  }

  /** Why the text is refused, or null when it is clean. */
  public static String problem(CharSequence text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0) {
        return "contains a NUL character";
      }
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return "is not valid Unicode (a lone surrogate)";
      }
    }
    return null;
  }

  /** Refuses the text with a 400 naming the field, or returns it unchanged. */
  public static String require(String field, String text) {
    String problem = text == null ? null : problem(text);
    if (problem != null) {
      throw refused(field, problem);
    }
    return text;
  }

  /** Every string and key in a decoded JSON value, at any depth, with a JSON pointer to the first bad one. */
  public static void requireJson(Object value) {
    requireJson("", value);
  }

  private static void requireJson(String pointer, Object value) {
    if (value instanceof CharSequence text) {
      require(pointer.isEmpty() ? "/" : pointer, text.toString());
    } else if (value instanceof JsonObject object) {
      requireMap(pointer, object.getMap());
    } else if (value instanceof Map<?, ?> map) {
      requireMap(pointer, map);
    } else if (value instanceof JsonArray array) {
      requireList(pointer, array.getList());
    } else if (value instanceof List<?> list) {
      requireList(pointer, list);
    }
  }

  private static void requireMap(String pointer, Map<?, ?> map) {
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      String key = String.valueOf(entry.getKey());
      String problem = problem(key);
      if (problem != null) {
        throw refused(pointer + "/", "has a property name that " + problem);
      }
      requireJson(pointer + "/" + key, entry.getValue());
    }
  }

  private static void requireList(String pointer, List<?> list) {
    for (int i = 0; i < list.size(); i++) {
      requireJson(pointer + "/" + i, list.get(i));
    }
  }

  /** Bytes that must be UTF-8 text: malformed sequences are refused rather than silently replaced. */
  public static String utf8(String field, Buffer bytes) {
    try {
      String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.getBytes())).toString();
      return require(field, text);
    } catch (CharacterCodingException ex) {
      throw refused(field, "is not valid UTF-8");
    }
  }

  /**
   * Root handler: the raw path and query, percent-decoded strictly as UTF-8, and every header value. Runs before the
   * body is read and before the router decodes parameters its own (lenient) way; a policy on what may enter, so it
   * is declared as one (web handlers must come in their kind's order: a policy may precede the body handler).
   */
  public static SecurityPolicyHandler requests() {
    return CleanText::checkRequest;
  }

  private static void checkRequest(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String uri = request.uri();
    int question = uri.indexOf('?');
    require("path", decoded("path", question < 0 ? uri : uri.substring(0, question)));
    if (question >= 0) {
      require("query", decoded("query", uri.substring(question + 1).replace('+', ' ')));
    }
    request.headers().forEach(header -> require(header.getKey(), header.getValue()));
    ctx.next();
  }

  private static String decoded(String field, String raw) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        int high = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
        int low = high < 0 ? -1 : Character.digit(raw.charAt(i + 2), 16);
        if (low < 0) {
          throw refused(field, "has a '%' that is not followed by two hexadecimal digits");
        }
        bytes.write(high * 16 + low);
        i += 2;
      } else {
        byte[] plain = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(plain, 0, plain.length);
      }
    }
    return utf8(field, Buffer.buffer(bytes.toByteArray()));
  }

  private static ApiException refused(String field, String problem) {
    return ApiException.badRequest("VALIDATION_FAILED", field + " " + problem,
        new JsonArray().add(new JsonObject().put("field", field).put("problem", problem)));
  }
}
