package al.tirana.councilline.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The wrk measurement")
class WrkTest {

  private static final String OUTPUT = """
      Running 10s test @ http://127.0.0.1:8080/api/requests
        2 threads and 16 connections
        Thread Stats   Avg      Stdev     Max   +/- Stdev
          Latency    16.61ms    9.32ms 120.02ms   81.34%
          Req/Sec   491.13     60.01   610.00     70.00%
        Latency Distribution
           50%   14.50ms
           75%   19.81ms
           90%   26.96ms
           99%    1.02s
        9812 requests in 10.01s, 5.12MB read
        Non-2xx or 3xx responses: 12
      Requests/sec:    980.22
      Transfer/sec:    523.18KB
      """;

  @Test
  @DisplayName("counts only the answered submissions, and reads the median and the 99th percentile in their units")
  void parsesWhatWrkPrints() {
    Wrk.Result result = Wrk.parse(OUTPUT);

    assertThat(result.refused()).isEqualTo(12);
    assertThat(result.perSecond()).isCloseTo((9812 - 12) / 10.01, org.assertj.core.data.Offset.offset(0.01));
    assertThat(result.p50Ms()).isEqualTo(14.5);
    assertThat(result.p99Ms()).isEqualTo(1020.0);
  }

  @Test
  @DisplayName("counts socket errors as refused")
  void socketErrors() {
    Wrk.Result result = Wrk.parse(OUTPUT.replace("Non-2xx or 3xx responses: 12",
        "Socket errors: connect 1, read 2, write 0, timeout 3"));

    assertThat(result.refused()).isEqualTo(6);
  }

  @Test
  @DisplayName("refuses output without a latency distribution instead of reporting a made-up figure")
  void noDistribution() {
    assertThatThrownBy(() -> Wrk.parse(OUTPUT.replace("99%    1.02s", "")))
        .hasMessageContaining("no latency distribution");
  }

  @Test
  @DisplayName("sends the harness's own body, as JSON, in a Lua string that needs no escaping")
  void script() {
    JsonObject body = Load.toCounselor("c-1");

    String script = Wrk.script(body);

    assertThat(script).contains("wrk.method = \"POST\"").contains("application/json")
        .contains("[==[" + body.encode() + "]==]");
    assertThat(body.getJsonObject("addressee").getString("type")).isEqualTo("COUNSELOR");
    assertThat(body.getJsonObject("citizen").getString("organization")).isNotBlank();
  }
}
