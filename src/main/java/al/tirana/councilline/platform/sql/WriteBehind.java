package al.tirana.councilline.platform.sql;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Orders a batch's held-back writes into as few JDBC batches as it can. Each round takes the text of the earliest
 * statement still waiting and sends, as one batch, every waiting statement with that text whose key has nothing
 * earlier still waiting (and, for a numbered insert, whose sequence has nothing earlier still waiting). So
 * writes of one key run in the order they were made, and a projection that writes two or three kinds of statement
 * per event needs two or three round trips per batch instead of one per statement.
 */
final class WriteBehind {

  /** A held-back write: it only touches rows of {@code key}; inserts numbered by {@code sequence} keep its order. */
  record Statement(String key, String sql, Object[] params, String sequence) {
    Statement {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(sql, "sql");
    }
  }

  private WriteBehind() {
  }

  /** The groups to send, in order; each group shares one statement text. */
  static List<List<Statement>> schedule(List<Statement> waiting) {
    int size = waiting.size();
    boolean[] sent = new boolean[size];
    List<List<Statement>> groups = new ArrayList<>();
    int first = 0;
    while (first < size) {
      String text = waiting.get(first).sql();
      Set<String> blockedKeys = new HashSet<>();
      Set<String> blockedSequences = new HashSet<>();
      List<Statement> group = new ArrayList<>();
      for (int i = first; i < size; i++) {
        if (sent[i]) {
          continue;
        }
        Statement s = waiting.get(i);
        boolean free = !blockedKeys.contains(s.key())
            && (s.sequence() == null || !blockedSequences.contains(s.sequence()));
        if (free && s.sql().equals(text)) {
          group.add(s);
          sent[i] = true;
        } else {
          blockedKeys.add(s.key());
          if (s.sequence() != null) {
            blockedSequences.add(s.sequence());
          }
        }
      }
      groups.add(group);
      while (first < size && sent[first]) {
        first++;
      }
    }
    return groups;
  }
}
