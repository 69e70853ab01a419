package al.tirana.councilline.platform.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Instants as text")
class IsoInstantsTest {

  private static final long FIRST = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
  private static final long LAST = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

  /** Whole seconds, millis, micros and nanos, so each width of fraction Instant.toString writes comes up. */
  private static List<Instant> samples() {
    SplittableRandom random = new SplittableRandom(20261201);
    List<Integer> units = List.of(1_000_000_000, 1_000_000, 1_000, 1);
    return random.longs(20_000, FIRST, LAST + 1).mapToObj(seconds -> {
      int unit = units.get(random.nextInt(units.size()));
      return Instant.ofEpochSecond(seconds, unit == 1_000_000_000 ? 0 : random.nextInt(1_000_000_000 / unit) * unit);
    }).toList();
  }

  @Test
  @DisplayName("are written exactly as Instant.toString writes them and read back to the same instant")
  void roundTrip() {
    List<Instant> edges = List.of(Instant.EPOCH, Instant.parse("2024-02-29T23:59:59.999999999Z"),
        Instant.ofEpochSecond(FIRST), Instant.ofEpochSecond(LAST, 999_999_999), Instant.ofEpochSecond(-1, 1));
    for (Instant instant : concat(edges, samples())) {
      String text = IsoInstants.format(instant);
      assertThat(text).isEqualTo(instant.toString());
      assertThat(IsoInstants.parse(text)).isEqualTo(instant);
      assertThat(IsoInstants.parseUtc(text)).isEqualTo(instant);
    }
  }

  @Test
  @DisplayName("leave other years, offsets, 24:00, leap seconds and a bare decimal point to java.time, with its result")
  void otherShapes() {
    for (Instant instant : List.of(Instant.MAX, Instant.MIN, Instant.parse("+10000-01-01T00:00:00Z"),
        Instant.ofEpochSecond(FIRST - 1))) {
      assertThat(IsoInstants.format(instant)).isEqualTo(instant.toString());
      assertThat(IsoInstants.parse(instant.toString())).isEqualTo(instant);
    }
    assertThat(IsoInstants.parseUtc("2026-12-01T10:00:00+01:00")).isNull();
    assertThat(IsoInstants.parse("2026-12-01T10:00:00+01:00")).isEqualTo(Instant.parse("2026-12-01T09:00:00Z"));
    assertThat(IsoInstants.parse("2026-12-01T24:00:00Z")).isEqualTo(Instant.parse("2026-12-02T00:00:00Z"));
    assertThat(IsoInstants.parse("2026-12-31T23:59:60Z")).isEqualTo(Instant.parse("2026-12-31T23:59:59Z"));
    assertThat(IsoInstants.parse("2026-12-01T10:00:00.Z")).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
    assertThat(IsoInstants.parse("2026-12-01t10:00:00z")).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
  }

  @Test
  @DisplayName("refuse what Instant.parse refuses: impossible dates, times out of range, stray characters")
  void refusals() {
    for (String text : List.of("2026-02-29T10:00:00Z", "2026-04-31T10:00:00Z", "2026-13-01T10:00:00Z",
        "2026-12-01T25:00:00Z", "2026-12-01T10:60:00Z", "2026-12-01T10:00:00.1234567890Z",
        "2026-12-01 10:00:00Z", "2026-12-0xT10:00:00Z", "2026-12-01T10:00Z", "")) {
      assertThat(IsoInstants.parseUtc(text)).as(text).isNull();
      assertThatThrownBy(() -> Instant.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
      assertThatThrownBy(() -> IsoInstants.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
    }
  }

  @Test
  @DisplayName("in events and other JSON, read and write what Jackson's java.time module reads and writes")
  void json() throws Exception {
    ObjectMapper javaTime = new ObjectMapper().registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    for (Instant instant : samples().subList(0, 2_000)) {
      String written = Json.mapper().writeValueAsString(instant);
      assertThat(written).isEqualTo(javaTime.writeValueAsString(instant));
      assertThat(Json.mapper().readValue(written, Instant.class)).isEqualTo(instant);
    }
    assertThat(Json.mapper().readValue("1764583200.5", Instant.class))
        .isEqualTo(javaTime.readValue("1764583200.5", Instant.class));
    assertThat(Json.mapper().readValue("\"2026-12-01T10:00:00+01:00\"", Instant.class))
        .isEqualTo(Instant.parse("2026-12-01T09:00:00Z"));
  }

  private static List<Instant> concat(List<Instant> a, List<Instant> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
