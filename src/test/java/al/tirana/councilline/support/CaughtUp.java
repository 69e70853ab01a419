package al.tirana.councilline.support;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;

/**
 * The positive signal a test waits for before it asserts that something did NOT happen: every streaming processor
 * (projections, notifications, seals) has processed the event log up to its head as it was when the wait began.
 * Anything those events were going to cause has then been written, so its absence means something.
 */
public final class CaughtUp {

  private CaughtUp() {
  }

  /** Waits until every streaming processor of these nodes (sharing one database) has reached the log's head. */
  public static long all(TestApp... nodes) throws Exception {
    return processors(names(nodes[0]), nodes);
  }

  /** Waits until the named streaming processors have reached the log's head; returns that head position. */
  public static long processors(Set<String> names, TestApp... nodes) throws Exception {
    long head = head(nodes[0]);
    for (String name : names) {
      Await.until(name + " has processed the event log up to position " + head,
          () -> reached(name, head, nodes));
    }
    return head;
  }

  /** Waits until the named streaming processor reports an error on some segment (it then retries the event). */
  public static void awaitFailing(TestApp node, String name) throws Exception {
    Await.until(name + " reports a failing event", () -> processorsOf(node).get(name)
        instanceof StreamingEventProcessor streaming
        && streaming.processingStatus().values().stream().anyMatch(EventTrackerStatus::isErrorState));
  }

  /** The highest position in the event log (-1 while it is empty). */
  public static long head(TestApp node) throws Exception {
    return node.count("SELECT coalesce(max(global_index), -1) FROM domain_event_entry");
  }

  /** The streaming processors of a node, by name. */
  public static Set<String> names(TestApp node) {
    return processorsOf(node).entrySet().stream()
        .filter(e -> e.getValue() instanceof StreamingEventProcessor)
        .map(Map.Entry::getKey)
        .collect(Collectors.toCollection(java.util.TreeSet::new));
  }

  /** Nodes share the processors' segments through the token store: whichever node holds a segment reports it. */
  private static boolean reached(String name, long head, TestApp... nodes) {
    for (TestApp node : nodes) {
      EventProcessor processor = processorsOf(node).get(name);
      if (processor instanceof StreamingEventProcessor streaming) {
        Map<Integer, EventTrackerStatus> status = streaming.processingStatus();
        List<Long> positions = status.values().stream()
            .map(s -> s.getCurrentPosition().orElse(-1)).toList();
        if (!positions.isEmpty() && positions.stream().allMatch(p -> p >= head)) {
          return true;
        }
      }
    }
    return false;
  }

  private static Map<String, EventProcessor> processorsOf(TestApp node) {
    return node.app().axon().eventProcessingConfiguration().eventProcessors();
  }
}
