package al.tirana.councilline.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import io.vertx.junit5.VertxExtension;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("The contract's schemas compiled into small checks")
class CompiledSchemaTest {

  /** Strings tried, in this order, for a string schema: the first that fits its pattern and lengths is used. */
  private static final List<String> CANDIDATES = List.of("TR-2026-000123", "2026-03-01", "user.name", "Ëndërr çelës",
      "x", "abcdefghijklmnop", "A1", "");

  private static OpenAPIContract contract;
  private static final Map<JsonSchema, String> SCHEMAS = new IdentityHashMap<>();

  @BeforeAll
  static void load(Vertx vertx) {
    contract = OpenAPIContract.from(vertx, "openapi.yaml").await();
    for (Operation operation : contract.operations()) {
      operation.getParameters().forEach(p -> SCHEMAS.put(p.getSchema(), operation.getOperationId() + " " + p.getName()));
      if (operation.getRequestBody() != null) {
        operation.getRequestBody().getContent().values()
            .forEach(media -> SCHEMAS.put(media.getSchema(), operation.getOperationId() + " body"));
      }
    }
  }

  @Test
  @DisplayName("cover every parameter and body of the contract, so no valid request needs the library's huge method")
  void coverTheWholeContract() {
    assertThat(SCHEMAS).hasSizeGreaterThan(80);
    SCHEMAS.forEach((schema, where) -> assertThat(compile(schema)).as(where).isNotNull());
  }

  @Test
  @DisplayName("accept and refuse exactly what the library accepts and refuses, over thousands of generated values")
  void agreeWithTheLibrary() {
    SchemaRepository repository = contract.getSchemaRepository();
    Random random = new Random(20261204);
    int valid = 0;
    int invalid = 0;
    for (Map.Entry<JsonSchema, String> entry : SCHEMAS.entrySet()) {
      Predicate<Object> ours = compile(entry.getKey());
      Validator library = repository.validator(entry.getKey());
      List<Object> values = new ArrayList<>();
      Object sample = sample(entry.getKey(), random);
      values.add(sample);
      for (int i = 0; i < 40; i++) {
        values.add(mutate(copy(sample), random));
      }
      values.addAll(List.of("", "x", 0, -1, 2147483648L, 1.5, true, new JsonObject(), new JsonArray()));
      for (Object value : values) {
        boolean expected = library.validate(value).getValid();
        assertThat(ours.test(copy(value))).as(entry.getValue() + " on " + value).isEqualTo(expected);
        if (expected) {
          valid++;
        } else {
          invalid++;
        }
      }
    }
    // both answers must really have been exercised, or the agreement above would prove little
    assertThat(valid).isGreaterThan(SCHEMAS.size());
    assertThat(invalid).isGreaterThan(10 * SCHEMAS.size());
  }

  @Test
  @DisplayName("leave a schema with a keyword they do not implement to the library")
  void leaveUnknownKeywordsToTheLibrary() {
    JsonSchema unknown = JsonSchema.of(new JsonObject().put("type", "string").put("format", "date-time"));
    JsonSchema composed = JsonSchema.of(new JsonObject().put("oneOf", new JsonArray()
        .add(new JsonObject().put("type", "string")).add(new JsonObject().put("type", "integer"))));

    assertThat(CompiledSchema.compile(unknown, uri -> null)).isNull();
    assertThat(CompiledSchema.compile(composed, uri -> null)).isNull();
  }

  @Test
  @DisplayName("count lengths in characters as the library does, an Albanian letter or an emoji being one")
  void countCharacters() {
    Predicate<Object> atMostThree = CompiledSchema.compile(
        JsonSchema.of(new JsonObject().put("type", "string").put("maxLength", 3)), uri -> null);

    assertThat(atMostThree.test("ëçë")).isTrue();
    assertThat(atMostThree.test("a\uD83D\uDE00b")).isTrue();
    assertThat(atMostThree.test("abcd")).isFalse();
  }

  private static Predicate<Object> compile(JsonSchema schema) {
    return CompiledSchema.compile(schema, contract.getSchemaRepository()::find);
  }

  /** A value meant to be valid for the schema (best effort: the library has the last word in the test). */
  private static Object sample(Object node, Random random) {
    JsonObject schema = resolve(node);
    if (schema == null) {
      return "x";
    }
    if (schema.containsKey("enum")) {
      JsonArray values = schema.getJsonArray("enum");
      return values.getValue(random.nextInt(values.size()));
    }
    Object type = schema.getValue("type");
    String kind = type instanceof JsonArray types ? types.getString(0) : (String) type;
    if (kind == null) {
      kind = schema.containsKey("properties") ? "object" : "string";
    }
    switch (kind) {
      case "object" -> {
        JsonObject object = new JsonObject();
        JsonObject properties = schema.getJsonObject("properties", new JsonObject());
        for (String name : properties.fieldNames()) {
          object.put(name, sample(properties.getValue(name), random));
        }
        return object;
      }
      case "array" -> {
        JsonArray array = new JsonArray();
        int count = Math.max(1, schema.getInteger("minItems", 1));
        for (int i = 0; i < count; i++) {
          array.add(sample(schema.getValue("items", new JsonObject()), random));
        }
        return array;
      }
      case "integer" -> {
        long min = schema.getNumber("minimum", 0).longValue();
        long max = schema.getNumber("maximum", min + 100).longValue();
        long value = min + (long) (random.nextDouble() * Math.min(1000, max - min));
        return "int32".equals(schema.getString("format")) || value == (int) value ? (Object) (int) value : value;
      }
      case "number" -> {
        return schema.getNumber("minimum", 0).doubleValue() + 0.5;
      }
      case "boolean" -> {
        return random.nextBoolean();
      }
      case "null" -> {
        return null;
      }
      default -> {
        for (String candidate : CANDIDATES) {
          if (fits(schema, candidate)) {
            return candidate;
          }
        }
        return "a".repeat(Math.max(1, schema.getInteger("minLength", 1)));
      }
    }
  }

  private static boolean fits(JsonObject schema, String candidate) {
    int length = candidate.codePointCount(0, candidate.length());
    return length >= schema.getInteger("minLength", 0) && length <= schema.getInteger("maxLength", Integer.MAX_VALUE)
        && (!schema.containsKey("pattern")
        || java.util.regex.Pattern.compile(schema.getString("pattern")).matcher(candidate).find());
  }

  /** One random change somewhere in the value: a removed, added or retyped field, a longer or shorter string. */
  private static Object mutate(Object value, Random random) {
    if (value instanceof JsonObject object) {
      List<String> names = new ArrayList<>(object.fieldNames());
      int choice = random.nextInt(4);
      if (names.isEmpty() || choice == 0) {
        object.put("unexpected" + random.nextInt(3), random.nextBoolean() ? "text" : 7);
      } else {
        String name = names.get(random.nextInt(names.size()));
        if (choice == 1) {
          object.remove(name);
        } else {
          object.put(name, mutate(object.getValue(name), random));
        }
      }
      return object;
    }
    if (value instanceof JsonArray array) {
      if (array.isEmpty() || random.nextBoolean()) {
        array.add(random.nextBoolean() ? "x" : 3);
      } else {
        array.set(0, mutate(array.getValue(0), random));
      }
      return array;
    }
    if (value instanceof String text) {
      return switch (random.nextInt(6)) {
        case 0 -> text + "x".repeat(1 + random.nextInt(300));
        case 1 -> text.isEmpty() ? "" : text.substring(0, random.nextInt(text.length()));
        case 2 -> "   ";
        case 3 -> 42;
        case 4 -> null;
        default -> text.toLowerCase() + "ë";
      };
    }
    if (value instanceof Number number) {
      return switch (random.nextInt(6)) {
        case 0 -> number.longValue() + 1_000_000_000_000L;
        case 1 -> -number.longValue() - 1;
        case 2 -> number.doubleValue() + 0.5;
        case 3 -> String.valueOf(number);
        case 4 -> number.intValue() + 1;
        default -> 0;
      };
    }
    return random.nextBoolean() ? "text" : null;
  }

  private static JsonObject resolve(Object node) {
    JsonObject schema = node instanceof JsonSchema json ? toJson(json) : node instanceof JsonObject o ? o : null;
    if (schema != null && schema.containsKey("$ref")) {
      String uri = schema.getString("__absolute_ref__", schema.getString("$ref"));
      return resolve(contract.getSchemaRepository().find(uri));
    }
    return schema;
  }

  private static JsonObject toJson(JsonSchema schema) {
    JsonObject json = new JsonObject();
    schema.fieldNames().forEach(name -> json.put(name, schema.<Object>get(name)));
    return json;
  }

  private static Object copy(Object value) {
    if (value instanceof JsonObject object) {
      return object.copy();
    }
    if (value instanceof JsonArray array) {
      return array.copy();
    }
    return value;
  }
}
