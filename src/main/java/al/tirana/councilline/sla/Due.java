package al.tirana.councilline.sla;

import java.time.Instant;
import java.util.List;

/** When feedback is due, when to warn, and why the date is what it is. */
public record Due(Instant dueAt, Instant warningAt, SlaMode mode, List<String> holidaysSkipped) {
}
