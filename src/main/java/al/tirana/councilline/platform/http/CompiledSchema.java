package al.tirana.councilline.platform.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.JsonSchema;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;

/**
 * A schema of the contract turned, once at start-up, into a tree of small checks that only answer "valid or not".
 *
 * <p>vertx-json-schema interprets a schema in one method of more than 8,000 bytes of bytecode, which HotSpot never
 * compiles unless the JVM is started with {@code -XX:-DontCompileHugeMethods}; every submission would run it in the
 * interpreter. A valid request (the common case) is now accepted by these checks alone; an invalid one is handed to
 * the library, so the 400 answer and its details stay the library's own, word for word. The checks cover exactly the
 * keywords the contract uses and follow the library's semantics for each (code-point lengths, {@code find()} for
 * patterns, OpenAPI's int32/int64 formats by the decoded Java type); a schema with any other keyword is not compiled
 * and is always checked by the library, so nothing the library would refuse can pass here.
 */
final class CompiledSchema {

  /** Keywords that never make an instance invalid, and the library's own bookkeeping. */
  private static final Set<String> ANNOTATIONS = Set.of("description", "title", "example", "examples", "default",
      "readOnly", "writeOnly", "deprecated", "$comment", "$id", "$schema", "nullable", "xml", "externalDocs",
      "__absolute_uri__", "__absolute_ref__");

  private final Function<String, JsonSchema> references;
  /** One compiled check per referenced schema, filled lazily so that recursive schemas terminate. */
  private final Map<String, Predicate<Object>[]> compiledReferences = new HashMap<>();

  private CompiledSchema(Function<String, JsonSchema> references) {
    this.references = references;
  }

  /** The check for {@code schema}, or null when it uses a keyword these checks do not cover. */
  static Predicate<Object> compile(JsonSchema schema, Function<String, JsonSchema> references) {
    try {
      return new CompiledSchema(references).node(schema);
    } catch (NotCovered notCovered) {
      return null;
    }
  }

  /** Thrown while compiling when a keyword or value is outside what these checks implement. */
  static final class NotCovered extends RuntimeException {
    NotCovered(String keyword) {
      super(keyword, null, false, false);
    }
  }

  private Predicate<Object> node(Object schema) {
    if (schema instanceof Boolean accept) {
      return accept ? value -> true : value -> false;
    }
    Map<String, Object> fields = fields(schema);
    List<Predicate<Object>> checks = new ArrayList<>();
    for (Map.Entry<String, Object> field : fields.entrySet()) {
      String keyword = field.getKey();
      Object argument = field.getValue();
      if (ANNOTATIONS.contains(keyword)) {
        continue;
      }
      switch (keyword) {
        case "type" -> checks.add(type(argument));
        case "enum" -> checks.add(oneOfValues(argument));
        case "$ref" -> checks.add(reference(fields));
        case "format" -> checks.add(format(argument));
        case "minLength", "maxLength" ->
            checks.add(counted(keyword, argument, String.class, CompiledSchema::codePoints));
        case "pattern" -> {
          Pattern pattern = Pattern.compile(text(argument));
          checks.add(whenString(text -> pattern.matcher(text).find()));
        }
        case "minimum" -> checks.add(bound(argument, order -> order >= 0));
        case "maximum" -> checks.add(bound(argument, order -> order <= 0));
        case "exclusiveMinimum" -> checks.add(bound(argument, order -> order > 0));
        case "exclusiveMaximum" -> checks.add(bound(argument, order -> order < 0));
        case "minItems", "maxItems" -> checks.add(counted(keyword, argument, JsonArray.class, JsonArray::size));
        case "items" -> checks.add(items(argument));
        case "minProperties", "maxProperties" ->
            checks.add(counted(keyword, argument, JsonObject.class, JsonObject::size));
        case "required" -> checks.add(required(argument));
        case "properties" -> checks.add(properties(argument));
        case "additionalProperties" -> checks.add(additionalProperties(argument, fields.get("properties")));
        default -> throw new NotCovered(keyword);
      }
    }
    if (fields.containsKey("additionalProperties") && fields.containsKey("patternProperties")) {
      throw new NotCovered("patternProperties");
    }
    Predicate<Object>[] all = checks.toArray(Predicate[]::new);
    return value -> {
      Object instance = jsonify(value);
      for (Predicate<Object> check : all) {
        if (!check.test(instance)) {
          return false;
        }
      }
      return true;
    };
  }

  private Predicate<Object> type(Object argument) {
    if (argument instanceof String name) {
      return value -> hasType(value, name);
    }
    if (argument instanceof JsonArray names) {
      List<String> accepted = new ArrayList<>();
      names.forEach(name -> accepted.add(text(name)));
      return value -> accepted.stream().anyMatch(name -> hasType(value, name));
    }
    throw new NotCovered("type");
  }

  private static boolean hasType(Object value, String name) {
    if ("integer".equals(name)) {
      return value instanceof Number number && isInteger(number);
    }
    return name.equals(typeOf(value));
  }

  private static Predicate<Object> oneOfValues(Object argument) {
    if (!(argument instanceof JsonArray values)) {
      throw new NotCovered("enum");
    }
    for (Object allowed : values) {
      if (allowed instanceof JsonObject || allowed instanceof JsonArray) {
        throw new NotCovered("enum");
      }
    }
    List<Object> allowed = values.getList();
    return value -> allowed.stream().anyMatch(candidate -> sameValue(value, candidate));
  }

  private static boolean sameValue(Object value, Object candidate) {
    if (value instanceof Number a && candidate instanceof Number b) {
      return decimal(a).compareTo(decimal(b)) == 0;
    }
    return value == null ? candidate == null : value.equals(candidate);
  }

  private Predicate<Object> reference(Map<String, Object> fields) {
    Object absolute = fields.getOrDefault("__absolute_ref__", fields.get("$ref"));
    String uri = text(absolute);
    Predicate<Object>[] target = compiledReferences.get(uri);
    if (target == null) {
      JsonSchema referenced = references.apply(uri);
      if (referenced == null) {
        throw new NotCovered("$ref " + uri);
      }
      @SuppressWarnings("unchecked")
      Predicate<Object>[] holder = new Predicate[1];
      target = holder;
      compiledReferences.put(uri, target);
      target[0] = node(referenced);
    }
    Predicate<Object>[] resolved = target;
    return value -> resolved[0].test(value);
  }

  /** OpenAPI's numeric formats, judged like the library's format validator: by the type JSON decoding produced. */
  private static Predicate<Object> format(Object argument) {
    String format = text(argument);
    if ("int32".equalsIgnoreCase(format)) {
      return value -> value instanceof Integer;
    }
    if ("int64".equalsIgnoreCase(format)) {
      return value -> value instanceof Integer || value instanceof Long;
    }
    throw new NotCovered("format " + format);
  }

  private Predicate<Object> items(Object argument) {
    if (argument instanceof JsonArray) {
      throw new NotCovered("items as an array");
    }
    Predicate<Object> item = node(argument);
    return whenArray(array -> {
      for (int i = 0; i < array.size(); i++) {
        if (!item.test(array.getValue(i))) {
          return false;
        }
      }
      return true;
    });
  }

  private static Predicate<Object> required(Object argument) {
    if (!(argument instanceof JsonArray names)) {
      throw new NotCovered("required");
    }
    List<String> keys = new ArrayList<>();
    names.forEach(name -> keys.add(text(name)));
    return whenObject(object -> keys.stream().allMatch(object::containsKey));
  }

  private Predicate<Object> properties(Object argument) {
    Map<String, Predicate<Object>> byName = new LinkedHashMap<>();
    fields(argument).forEach((name, schema) -> byName.put(name, node(schema)));
    return whenObject(object -> {
      for (Map.Entry<String, Predicate<Object>> property : byName.entrySet()) {
        if (object.containsKey(property.getKey()) && !property.getValue().test(object.getValue(property.getKey()))) {
          return false;
        }
      }
      return true;
    });
  }

  private Predicate<Object> additionalProperties(Object argument, Object properties) {
    Set<String> named = properties == null ? Set.of() : fields(properties).keySet();
    Predicate<Object> other = node(argument);
    return whenObject(object -> {
      for (String key : object.fieldNames()) {
        if (!named.contains(key) && !other.test(object.getValue(key))) {
          return false;
        }
      }
      return true;
    });
  }

  /** A numeric bound: the instance compared with it must give an order the rule accepts. */
  private static Predicate<Object> bound(Object argument, IntPredicate accepts) {
    BigDecimal limit = decimal(number(argument));
    return whenNumber(number -> accepts.test(decimal(number).compareTo(limit)));
  }

  /**
   * The min/max keywords that bound a count (a string's characters, an array's items, an object's properties): they
   * apply to values of their type only, as JSON Schema says, and pass any other.
   */
  private static <T> Predicate<Object> counted(String keyword, Object argument, Class<T> type, ToIntFunction<T> count) {
    long limit = whole(argument);
    boolean atLeast = keyword.startsWith("min");
    return value -> {
      if (!type.isInstance(value)) {
        return true;
      }
      long n = count.applyAsInt(type.cast(value));
      return atLeast ? n >= limit : n <= limit;
    };
  }

  private static Predicate<Object> whenString(Predicate<String> check) {
    return value -> !(value instanceof String s) || check.test(s);
  }

  private static Predicate<Object> whenNumber(Predicate<Number> check) {
    return value -> !(value instanceof Number n) || check.test(n);
  }

  private static Predicate<Object> whenArray(Predicate<JsonArray> check) {
    return value -> !(value instanceof JsonArray a) || check.test(a);
  }

  private static Predicate<Object> whenObject(Predicate<JsonObject> check) {
    return value -> !(value instanceof JsonObject o) || check.test(o);
  }

  private static Map<String, Object> fields(Object schema) {
    Map<String, Object> fields = new LinkedHashMap<>();
    if (schema instanceof JsonSchema json) {
      json.fieldNames().forEach(name -> fields.put(name, jsonify(json.get(name))));
    } else if (schema instanceof JsonObject json) {
      json.fieldNames().forEach(name -> fields.put(name, json.getValue(name)));
    } else {
      throw new NotCovered("schema of type " + (schema == null ? "null" : schema.getClass().getSimpleName()));
    }
    return fields;
  }

  @SuppressWarnings("unchecked")
  private static Object jsonify(Object value) {
    if (value instanceof Map<?, ?> map) {
      return new JsonObject((Map<String, Object>) map);
    }
    if (value instanceof List<?> list) {
      return new JsonArray(list);
    }
    return value;
  }

  private static String typeOf(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Boolean) {
      return "boolean";
    }
    if (value instanceof Number) {
      return "number";
    }
    if (value instanceof String) {
      return "string";
    }
    if (value instanceof JsonObject) {
      return "object";
    }
    if (value instanceof JsonArray) {
      return "array";
    }
    return "unknown";
  }

  private static boolean isInteger(Number number) {
    if (number instanceof Byte || number instanceof Short || number instanceof Integer || number instanceof Long
        || number instanceof BigInteger) {
      return true;
    }
    if (number instanceof Float f) {
      return f % 1 == 0.0f;
    }
    if (number instanceof Double d) {
      return d % 1 == 0.0;
    }
    return number instanceof BigDecimal big && big.remainder(BigDecimal.ONE).signum() == 0;
  }

  /** Counted as the library counts (UTF-16 surrogate pairs as one), i.e. in code points. */
  private static int codePoints(String text) {
    return text.codePointCount(0, text.length());
  }

  private static BigDecimal decimal(Number number) {
    if (number instanceof BigDecimal big) {
      return big;
    }
    if (number instanceof BigInteger big) {
      return new BigDecimal(big);
    }
    if (number instanceof Double || number instanceof Float) {
      return new BigDecimal(number.doubleValue());
    }
    return BigDecimal.valueOf(number.longValue());
  }

  private static Number number(Object argument) {
    if (argument instanceof Number number) {
      return number;
    }
    throw new NotCovered("a bound that is not a number");
  }

  private static long whole(Object argument) {
    if (argument instanceof Number number && isInteger(number)) {
      return number.longValue();
    }
    throw new NotCovered("a count that is not a whole number");
  }

  private static String text(Object argument) {
    if (argument instanceof String text) {
      return text;
    }
    throw new NotCovered("a name that is not text");
  }
}
