package al.tirana.councilline.app;

import al.tirana.councilline.platform.json.Json;
import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.directory.DirectoryEvent;
import al.tirana.councilline.shared.Actor;
import al.tirana.councilline.shared.Role;
import al.tirana.councilline.shared.Addressee;
import al.tirana.councilline.request.RequestEvent;
import al.tirana.councilline.request.SealedPersonalData;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.axonframework.serialization.Revision;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("The event catalog in events/catalog")
class EventCatalogTest {

  static Stream<Class<?>> eventTypes() {
    return Stream.of(RequestEvent.class, DirectoryEvent.class, al.tirana.councilline.identity.AccountEvent.class,
            al.tirana.councilline.open311.ApiKeyEvent.class)
        .flatMap(t -> Arrays.stream(t.getPermittedSubclasses()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("eventTypes")
  @DisplayName("has a versioned JSON Schema for every event, and the serialized event validates against it")
  void schemaForEveryEvent(Class<?> type) throws Exception {
    Revision revision = type.getAnnotation(Revision.class);
    assertThat(revision).as(type.getSimpleName() + " declares its @Revision").isNotNull();
    String path = "events/catalog/" + type.getSimpleName() + ".v" + revision.value() + ".schema.json";
    JsonObject schema;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(path)) {
      assertThat(in).as(path + " exists").isNotNull();
      schema = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    assertThat(schema.getString("title")).isEqualTo(type.getSimpleName());

    Object example = example(type);
    JsonObject serialized = new JsonObject(Json.mapper().writeValueAsString(example));
    OutputUnit result = Validator.create(JsonSchema.of(schema),
        new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setBaseUri("https://councilline.tirana.al/"))
        .validate(serialized);
    assertThat(result.getValid()).as(serialized.encodePrettily() + "\n" + result.getErrors()).isTrue();

    JsonObject missingField = serialized.copy();
    missingField.remove("by");
    assertThat(Validator.create(JsonSchema.of(schema),
            new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setBaseUri("https://councilline.tirana.al/"))
        .validate(missingField).getValid()).as("the schema is strict: an event without its actor is invalid")
        .isFalse();
  }

  /** Fills every record component with a realistic value, so a new field cannot escape its schema. */
  private static Object example(Class<?> type) throws Exception {
    RecordComponent[] components = type.getRecordComponents();
    Object[] values = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      types[i] = components[i].getType();
      values[i] = value(components[i]);
    }
    return type.getDeclaredConstructor(types).newInstance(values);
  }

  private static Object value(RecordComponent component) {
    Class<?> type = component.getType();
    String name = component.getName();
    if (type == String.class) {
      return switch (name) {
        case "number" -> "TR-2026-000123";
        case "accessCodeHash" -> "a".repeat(64);
        case "language" -> "sq";
        case "officialEmail", "escalatedTo" -> "arta.hoxha@tirana.al";
        case "username" -> "desk.kombinat";
        case "mode" -> "WORKING";
        case "reason" -> component.getDeclaringRecord().getSimpleName().equals("SlaClockStarted")
            ? "EXTENDED" : "Some reason";
        default -> "Some " + name;
      };
    }
    if (type == java.time.Duration.class) {
      return java.time.Duration.ofHours(52).plusMinutes(30);
    }
    if (type == Instant.class) {
      return Instant.parse("2026-11-23T10:15:30.123456Z");
    }
    if (type == Actor.class) {
      return new Actor("desk.kombinat", Role.STAFF);
    }
    if (type == Addressee.class) {
      return Addressee.commission("youth");
    }
    if (type == al.tirana.councilline.request.Location.class) {
      return new al.tirana.councilline.request.Location(41.3275, 19.8187, "Sheshi Skënderbej 1");
    }
    if (type == SealedPersonalData.class) {
      return new SealedPersonalData(UUID.randomUUID().toString(), "c2VhbGVk");
    }
    if (type == Integer.class || type == int.class) {
      return name.equals("score") ? 4 : 7;
    }
    if (type == int.class && name.equals("response")) {
      return 1;
    }
    if (type == boolean.class || type == Boolean.class) {
      return true;
    }
    if (type == al.tirana.councilline.shared.Role.class) {
      return al.tirana.councilline.shared.Role.STAFF;
    }
    if (type.isEnum()) {
      return type.getEnumConstants()[0];
    }
    if (type == List.class) {
      Class<?> item = (Class<?>) ((ParameterizedType) component.getGenericType()).getActualTypeArguments()[0];
      return item.isEnum() ? List.of(item.getEnumConstants()[0]) : List.of("commission-1");
    }
    throw new AssertionError("No example value for " + type + " " + name + "; teach the catalog test about it");
  }
}
