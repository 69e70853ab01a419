package al.tirana.councilline.request;

import java.time.Instant;

/** The payload of a durable SLA deadline: which request, and which due date it was set for. */
public record SlaTimer(String number, Instant dueAt) {
}
