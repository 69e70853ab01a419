package al.tirana.councilline.request;

import java.time.Instant;

/**
 * What a submission's command answers with: all the citizen's receipt shows, so the HTTP layer need not read the
 * request back from its view. A new request is always {@link Status#SUBMITTED}.
 */
public record SubmittedRequest(String number, Instant submittedAt, Instant dueAt) {
}
