package al.tirana.councilline.audit;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.platform.json.Json;
import al.tirana.councilline.request.LocationUpcaster;
import al.tirana.councilline.request.RequestEvent;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The as-of view's rendering, kept in step with the folding revision its snapshots are stored under")
class AsOfRenderingTest {

  /**
   * The folding revision this rendering belongs to, and the SHA-256 of the fixture's view. A change to how the view
   * reads must bump {@link AsOf#FOLD} (so no snapshot folded the old way is read) and both constants here.
   */
  private static final int FOLD = 1;
  private static final String RENDERED = "bff01f1e5e12e85a94ef757c0679e1269d30190a953c8932fadcac7e19650dbd";

  private static final String NUMBER = "TR-2026-000042";
  private static final Instant START = Instant.parse("2026-03-02T08:15:30.123456Z");

  @Test
  @DisplayName("renders a fixed history holding every request event type, and a note in its first shape read "
      + "through the upcaster chain, as the text whose hash is recorded with the current folding revision")
  void renderingMatchesTheFoldRevision() throws Exception {
    JacksonSerializer serializer = JacksonSerializer.builder().objectMapper(Json.mapper().copy()).build();
    List<AsOf.StoredEvent> events = new ArrayList<>();
    for (RequestEvent.Type type : RequestEvent.Type.values()) {
      RequestEvent event = (RequestEvent) instance(type.eventClass(), events.size());
      SerializedObject<byte[]> stored = serializer.serialize(event, byte[].class);
      events.add(new AsOf.StoredEvent(1000 + events.size(), events.size(), stored.getType(), stored.getData(),
          null));
    }
    // an internal note as revision 0 stored it, its text under "note": only the upcaster chain reads it
    long sequence = events.size();
    byte[] firstShape = new JsonObject().put("number", NUMBER).put("note", "Called the citizen back")
        .put("by", new JsonObject().put("id", "staff.golden").put("role", "STAFF"))
        .put("at", START.plusSeconds(3600).toString()).put("channel", "DESK").encode()
        .getBytes(StandardCharsets.UTF_8);
    String noteType = RequestEvent.InternalNoteAdded.class.getName();
    events.add(new AsOf.StoredEvent(1000 + sequence, sequence, new SimpleSerializedType(noteType, "0"), firstShape,
        new GenericDomainEventEntry<>("CitizenRequest", NUMBER, sequence, "event-" + sequence,
            START.plusSeconds(3600).toString(), noteType, "0", firstShape, "{}".getBytes(StandardCharsets.UTF_8))));

    String view = AsOf.fold(NUMBER, START.plusSeconds(7200).toString(), events, new AsOf.Readers(serializer),
        new EventUpcasterChain(new InternalNoteUpcaster(), new LocationUpcaster()));

    JsonObject read = new JsonObject(view);
    assertThat(read.getJsonArray("timeline")).hasSize(events.size());
    assertThat(read.getJsonArray("timeline").getJsonObject(events.size() - 1).getJsonObject("by").getString("id"))
        .isEqualTo("staff.golden");
    String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(view.getBytes(StandardCharsets.UTF_8)));
    String message = "the as-of rendering changed: bump AsOf.FOLD and this hash";
    assertThat(hash).as(message).isEqualTo(RENDERED);
    assertThat(AsOf.FOLD).as(message).isEqualTo(FOLD);
  }

  /**
   * An instance of the record with a fixed value for each component, by its type: the same on every run, and a new
   * component of a known type gets one without this test changing.
   */
  private static Object instance(Class<?> record, int index) throws Exception {
    RecordComponent[] components = record.getRecordComponents();
    Object[] values = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      types[i] = components[i].getType();
      values[i] = value(components[i].getName(), types[i], components[i].getGenericType(), index);
    }
    Constructor<?> constructor = record.getDeclaredConstructor(types);
    constructor.setAccessible(true);
    return constructor.newInstance(values);
  }

  private static Object value(String name, Class<?> type, Type generic, int index) throws Exception {
    if (name.equals("number")) {
      return NUMBER;
    }
    if (type == String.class) {
      return name + " " + index;
    }
    if (type == Instant.class) {
      return START.plusSeconds(60L * index + name.length());
    }
    if (type == Duration.class) {
      return Duration.ofHours(5);
    }
    if (type == int.class || type == Integer.class) {
      return 3;
    }
    if (type == long.class || type == Long.class) {
      return 7L;
    }
    if (type == double.class || type == Double.class) {
      return 41.3275;
    }
    if (type == boolean.class || type == Boolean.class) {
      return true;
    }
    if (type.isEnum()) {
      Object[] constants = type.getEnumConstants();
      return constants[index % constants.length];
    }
    if (type == List.class && generic instanceof ParameterizedType list
        && list.getActualTypeArguments()[0] == String.class) {
      return List.of(name + " " + index);
    }
    if (type.isRecord()) {
      return instance(type, index);
    }
    throw new AssertionError("No fixed value for " + name + " of type " + generic + ": add one here");
  }
}
