package al.tirana.councilline.platform.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.io.IOException;
import java.time.Instant;

/** The one Jackson setup shared by the event serializer and the HTTP layer, so events read the same everywhere. */
public final class Json {

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .registerModule(new SimpleModule("iso-instants")
          .addSerializer(Instant.class, new InstantText())
          .addDeserializer(Instant.class, new TextInstant()))
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private Json() {
  }

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Instants as the text JavaTimeModule writes when dates are not timestamps, written by {@link IsoInstants}. */
  private static final class InstantText extends StdScalarSerializer<Instant> {
    InstantText() {
      super(Instant.class);
    }

    @Override
    public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider) throws IOException {
      generator.writeString(IsoInstants.format(value));
    }
  }

  /** UTC text read by {@link IsoInstants}; anything else (numbers, offsets) as JavaTimeModule reads it. */
  private static final class TextInstant extends StdScalarDeserializer<Instant> {
    TextInstant() {
      super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      if (parser.currentToken() == JsonToken.VALUE_STRING) {
        Instant instant = IsoInstants.parseUtc(parser.getText());
        if (instant != null) {
          return instant;
        }
      }
      return InstantDeserializer.INSTANT.deserialize(parser, context);
    }
  }
}
