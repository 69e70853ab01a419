package al.tirana.councilline.platform.axon.tuning;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * Axon's Jackson serializer, remembering which class each serialized type name resolves to. Axon asks for the class
 * of every event it reads, often more than once (upcasting, payload type, deserializing), and Jackson answers each
 * time with {@code Class.forName}, a visible share of a projection rebuild's CPU (see BENCHMARKS.md).
 */
public final class CachingJacksonSerializer extends JacksonSerializer {

  private final Map<String, Class<?>> classes = new ConcurrentHashMap<>();

  public CachingJacksonSerializer(JacksonSerializer.Builder builder) {
    super(builder);
  }

  @Override
  @SuppressWarnings("rawtypes")
  public Class classForType(SerializedType type) {
    return classes.computeIfAbsent(type.getName(), name -> super.classForType(type));
  }
}
