package al.tirana.councilline.bench;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load generator a newcomer would reach for: {@code wrk} (Debian's package) in a process of its own, sending the
 * harness's own submission body over {@code connections} keep-alive connections, so P1 is also measured from outside
 * the benchmark's JVM. Its summary is parsed from the text it prints with {@code --latency}.
 */
final class Wrk {

  private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in ([\\d.]+)(us|ms|s|m)");
  private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
  private static final Pattern SOCKET_ERRORS =
      Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
  private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|99)(?:\\.0+)?%\\s+([\\d.]+)(us|ms|s|m)\\s*$",
      Pattern.MULTILINE);

  private Wrk() {
  }

  /** What one wrk run reported: answers that were not 2xx (and socket errors) count as refused. */
  record Result(double perSecond, double p50Ms, double p99Ms, long refused) {
  }

  /** Whether wrk is on the PATH; without it the outside measurement is reported as not run, never invented. */
  static boolean available() {
    try {
      Process probe = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
      probe.getInputStream().readAllBytes();
      return probe.waitFor(10, TimeUnit.SECONDS);
    } catch (IOException missing) {
      return false;
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** POSTs {@code body} to {@code /api/requests} on the port for {@code run}. */
  static Result submit(int port, JsonObject body, int connections, Duration run) throws IOException,
      InterruptedException {
    Path script = Files.createTempFile("councilline-wrk", ".lua");
    try {
      Files.writeString(script, script(body));
      List<String> command = List.of("wrk", "-t2", "-c" + connections, "-d" + run.toSeconds() + "s", "--latency",
          "-s", script.toString(), "http://127.0.0.1:" + port + "/api/requests");
      Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(wrk.getInputStream().readAllBytes());
      if (!wrk.waitFor(run.toSeconds() + 60, TimeUnit.SECONDS) || wrk.exitValue() != 0) {
        throw new IllegalStateException("wrk failed: " + out);
      }
      return parse(out);
    } finally {
      Files.deleteIfExists(script);
    }
  }

  /** The request wrk sends; the body in a Lua long bracket, which needs no escaping. */
  static String script(JsonObject body) {
    String json = body.encode();
    if (json.contains("]==]")) {
      throw new IllegalArgumentException("The body would end the Lua string early");
    }
    return "wrk.method = \"POST\"\n"
        + "wrk.headers[\"Content-Type\"] = \"application/json\"\n"
        + "wrk.body = [==[" + json + "]==]\n";
  }

  static Result parse(String out) {
    Matcher total = TOTAL.matcher(out);
    if (!total.find()) {
      throw new IllegalStateException("wrk printed no request count: " + out);
    }
    long requests = Long.parseLong(total.group(1));
    double seconds = toMillis(total.group(2), total.group(3)) / 1000;
    long refused = 0;
    Matcher non2xx = NON_2XX.matcher(out);
    if (non2xx.find()) {
      refused += Long.parseLong(non2xx.group(1));
    }
    Matcher errors = SOCKET_ERRORS.matcher(out);
    if (errors.find()) {
      for (int i = 1; i <= 4; i++) {
        refused += Long.parseLong(errors.group(i));
      }
    }
    double p50 = Double.NaN;
    double p99 = Double.NaN;
    Matcher percentile = PERCENTILE.matcher(out);
    while (percentile.find()) {
      double ms = toMillis(percentile.group(2), percentile.group(3));
      if (percentile.group(1).equals("50")) {
        p50 = ms;
      } else {
        p99 = ms;
      }
    }
    if (Double.isNaN(p50) || Double.isNaN(p99)) {
      throw new IllegalStateException("wrk printed no latency distribution: " + out);
    }
    return new Result(Math.max(0, requests - refused) / seconds, p50, p99, refused);
  }

  private static double toMillis(String value, String unit) {
    double v = Double.parseDouble(value);
    return switch (unit) {
      case "us" -> v / 1000;
      case "ms" -> v;
      case "s" -> v * 1000;
      case "m" -> v * 60_000;
      default -> throw new IllegalStateException("Unknown unit from wrk: " + unit);
    };
  }
}
