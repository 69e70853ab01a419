package al.tirana.councilline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The product")
class ProductContentsTest {

  @Test
  @DisplayName("is started by the README and the container image with java -jar alone, no JVM option needed for speed")
  void startsWithoutJvmOptions() throws Exception {
    List<String> readme = Files.readAllLines(Path.of("README.md")).stream()
        .filter(line -> line.contains("java ") && line.contains("target/councilline-0.1.0-SNAPSHOT.jar")).toList();
    List<String> entryPoint = Files.readAllLines(Path.of("Dockerfile")).stream()
        .filter(line -> line.startsWith("ENTRYPOINT")).toList();

    assertThat(readme).as("the README's run command").isNotEmpty()
        .allSatisfy(line -> assertThat(line).contains("java -jar target/councilline-0.1.0-SNAPSHOT.jar"));
    assertThat(entryPoint).containsExactly("ENTRYPOINT [\"java\", \"-jar\", \"/opt/councilline/councilline.jar\"]");
  }

  @Test
  @DisplayName("contains no benchmark class and no benchmark library (they live in bench/, a project of their own)")
  void shipsNoBenchmark() {
    assertThat(Path.of("target/classes/al/tirana/councilline")).isDirectory();
    assertThat(Path.of("target/classes/al/tirana/councilline/bench")).doesNotExist();
    assertThatThrownBy(() -> Class.forName("org.HdrHistogram.Histogram")).isInstanceOf(ClassNotFoundException.class);
    assertThat(Path.of("bench/pom.xml")).isRegularFile();
  }
}
