package al.tirana.councilline.request;

import al.tirana.councilline.shared.Status;
import al.tirana.councilline.platform.json.IsoInstants;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * What a submission's command answers with: all the citizen's receipt shows, so the HTTP layer need not read the
 * request back from its view. A new request is always {@link Status#SUBMITTED}.
 */
public record SubmittedRequest(String number, Instant submittedAt, Instant dueAt) {

  /** The answer to the submission; a retry with the same idempotency key gets exactly this again. */
  public JsonObject answer(String accessCode) {
    return new JsonObject()
        .put("number", number)
        .put("accessCode", accessCode)
        .put("status", Status.SUBMITTED.name())
        .put("submittedAt", IsoInstants.format(submittedAt))
        .put("dueAt", IsoInstants.format(dueAt));
  }
}
