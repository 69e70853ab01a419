package al.tirana.councilline.platform.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A batch's held-back writes")
class WriteBehindTest {

  private static WriteBehind.Statement s(String key, String sql) {
    return new WriteBehind.Statement(key, sql, new Object[] {key + sql}, null);
  }

  private static WriteBehind.Statement ordered(String key, String sql) {
    return new WriteBehind.Statement(key, sql, new Object[] {key + sql}, "feed");
  }

  private static List<List<String>> plan(List<WriteBehind.Statement> statements) {
    return WriteBehind.schedule(statements).stream()
        .map(group -> group.stream().map(st -> st.key() + st.sql()).toList()).toList();
  }

  @Test
  @DisplayName("go out as one JDBC batch per statement text when each event writes the same kinds")
  void groupsAlternatingKindsAcrossKeys() {
    assertThat(plan(List.of(s("A", "insert"), s("A", "change"), s("B", "insert"), s("B", "change"),
        s("C", "insert"), s("C", "change"))))
        .containsExactly(List.of("Ainsert", "Binsert", "Cinsert"), List.of("Achange", "Bchange", "Cchange"));
  }

  @Test
  @DisplayName("never run a key's write before an earlier write of the same key")
  void keepsOrderWithinAKey() {
    assertThat(plan(List.of(s("A", "update"), s("A", "insert"), s("B", "insert"), s("A", "update"))))
        .containsExactly(List.of("Aupdate"), List.of("Ainsert", "Binsert"), List.of("Aupdate"));
  }

  @Test
  @DisplayName("number a sequence's rows in the order they were made, across keys")
  void keepsASequenceInOrder() {
    List<List<String>> plan = plan(List.of(s("A", "request"), ordered("A", "item"), ordered("B", "item"),
        s("C", "request"), ordered("C", "item")));
    assertThat(plan).containsExactly(List.of("Arequest", "Crequest"), List.of("Aitem", "Bitem", "Citem"));

    // B's item waits for A's, which waits for A's request: nothing may overtake in the sequence
    assertThat(plan(List.of(s("A", "request"), s("A", "update"), ordered("A", "item"), ordered("B", "item"))))
        .containsExactly(List.of("Arequest"), List.of("Aupdate"), List.of("Aitem", "Bitem"));
    assertThat(plan(List.of(s("A", "update"), ordered("A", "item"), s("B", "update"), ordered("B", "item"))))
        .containsExactly(List.of("Aupdate", "Bupdate"), List.of("Aitem", "Bitem"));
  }

  @Test
  @DisplayName("send every statement exactly once")
  void sendsEverythingOnce() {
    List<WriteBehind.Statement> statements = List.of(s("A", "x"), s("B", "y"), s("A", "y"), s("C", "x"),
        ordered("B", "z"), s("C", "y"), ordered("A", "z"));
    assertThat(WriteBehind.schedule(statements).stream().flatMap(List::stream).toList())
        .containsExactlyInAnyOrderElementsOf(statements);
  }
}
