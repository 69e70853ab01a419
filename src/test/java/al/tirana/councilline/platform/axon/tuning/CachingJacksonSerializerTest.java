package al.tirana.councilline.platform.axon.tuning;

import al.tirana.councilline.platform.json.Json;
import static org.assertj.core.api.Assertions.assertThat;

import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.UnknownSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The event serializer")
class CachingJacksonSerializerTest {

  private final CachingJacksonSerializer serializer =
      new CachingJacksonSerializer(JacksonSerializer.builder().objectMapper(Json.mapper().copy()));

  @Test
  @DisplayName("resolves type names to their classes, whatever the revision, and the empty type to Void")
  void resolvesTypesOnce() {
    SimpleSerializedType type = new SimpleSerializedType(String.class.getName(), null);
    assertThat(serializer.classForType(type)).isEqualTo(String.class);
    assertThat(serializer.classForType(new SimpleSerializedType(String.class.getName(), "2")))
        .isEqualTo(String.class);
    assertThat(serializer.classForType(SimpleSerializedType.emptyType())).isEqualTo(Void.class);
  }

  @Test
  @DisplayName("keeps reporting a type it cannot load as unknown, so old events of removed types still load")
  void unknownTypesStayUnknown() {
    SimpleSerializedType gone = new SimpleSerializedType("al.tirana.councilline.Removed", null);
    assertThat(serializer.classForType(gone)).isEqualTo(UnknownSerializedType.class);
    assertThat(serializer.classForType(gone)).isEqualTo(UnknownSerializedType.class);
  }
}
