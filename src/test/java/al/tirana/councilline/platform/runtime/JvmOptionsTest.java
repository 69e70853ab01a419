package al.tirana.councilline.platform.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The JVM options a node runs with")
class JvmOptionsTest {

  /** Prints what {@link JvmOptions} makes of the JVM it runs in. */
  public static final class Probe {
    public static void main(String[] args) {
      System.out.print(JvmOptions.compilesHugeMethods());
    }
  }

  @Test
  @DisplayName("let the JIT compile huge methods only when given, which the node can tell")
  void compilesHugeMethodsOnlyWhenAsked() throws Exception {
    assertThat(probe(JvmOptions.COMPILE_HUGE_METHODS)).isEqualTo("true");
    assertThat(probe()).isEqualTo("false");
  }

  @Test
  @DisplayName("are on the README's command lines and the container image's (the benchmark's own: BenchmarkPartsTest)")
  void everyLaunchCarriesThem() throws Exception {
    List<String> launches = new ArrayList<>();
    Files.readAllLines(Path.of("README.md")).stream()
        .filter(line -> line.contains("java ") && line.contains("councilline-0.1.0-SNAPSHOT.jar"))
        .filter(line -> !line.contains("--verify"))
        .forEach(launches::add);
    Files.readAllLines(Path.of("Dockerfile")).stream()
        .filter(line -> line.startsWith("ENTRYPOINT") && line.contains("\"java\""))
        .forEach(launches::add);
    assertThat(launches).as("the README's run and benchmark commands, the Dockerfile's entry point")
        .hasSizeGreaterThanOrEqualTo(3).allSatisfy(line -> assertThat(line).contains(JvmOptions.COMPILE_HUGE_METHODS));
  }

  private static String probe(String... options) throws Exception {
    List<String> command =
        new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(List.of(options));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Probe.class.getName()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the probe JVM ended").isTrue();
    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
  }
}
