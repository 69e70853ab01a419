package al.tirana.councilline.guidance;

import al.tirana.councilline.platform.http.ApiException;
import al.tirana.councilline.platform.http.ClientAddress;
import al.tirana.councilline.platform.axon.Commands;
import al.tirana.councilline.platform.http.Http;
import al.tirana.councilline.platform.http.RateLimiter;
import al.tirana.councilline.platform.http.Operation;
import al.tirana.councilline.platform.http.Routes;
import al.tirana.councilline.shared.Actor;
import al.tirana.councilline.shared.Role;
import al.tirana.councilline.request.AccessCodes;
import al.tirana.councilline.shared.Channel;
import al.tirana.councilline.request.CitizenDataVault;
import al.tirana.councilline.request.RequestCommand.ReissueAccessCode;
import al.tirana.councilline.shared.Status;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A citizen who lost their access codes gives the e-mail address they submitted with, and gets their open requests
 * mailed with new codes. Whoever asks gets the same answer, known address or not, and before any code is changed:
 * the reissuing runs after the answer, so not even the answer's timing tells a known address from another.
 */
record RecoveryRoutes(Commands commands, Pool pool, CitizenDataVault vault, RateLimiter recoveries)
    implements Routes {

  private static final Logger LOG = LoggerFactory.getLogger(RecoveryRoutes.class);
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]{2,}$");
  /** More open requests than anyone plausibly has; a mail listing them stays readable. */
  private static final int MOST = 50;
  private static final String OPEN_REQUESTS = "SELECT v.number FROM citizen_email_index i "
      + "JOIN request_view v ON v.citizen_id = i.citizen_id WHERE i.email_digest = $1 AND NOT v.spam "
      + "AND v.status IN " + Status.OPEN_SQL + " ORDER BY v.number LIMIT " + MOST;

  @Operation("recoverAccessCodes")
  private void recover(RoutingContext ctx) {
    String email = Http.body(ctx).getString("email").trim();
    if (!EMAIL.matcher(email).matches()) {
      throw ApiException.badRequest("VALIDATION_FAILED", "email is not an e-mail address",
          new JsonArray().add(new JsonObject().put("field", "/email").put("problem", "not an email address")));
    }
    String digest = vault.emailDigest(email);
    // per client, so one sender cannot sweep addresses; per address, so nobody can flood a citizen's mailbox
    Future<List<String>> open = recoveries.acquire("client:" + ClientAddress.limitKey(ctx), "recoveries")
        .compose(ok -> recoveries.acquire("email:" + digest, "recoveries"))
        .compose(ok -> pool.preparedQuery(OPEN_REQUESTS).execute(Tuple.of(digest)))
        .map(rows -> {
          List<String> numbers = new ArrayList<>();
          rows.forEach(row -> numbers.add(row.getString("number")));
          return numbers;
        });
    Http.reply(ctx, 202, open.map(numbers -> {
      if (!numbers.isEmpty()) {
        reissue(numbers);
      }
      return new JsonObject().put("status", "ACCEPTED");
    }));
  }

  /**
   * One request after the other, each in its own transaction with its new code's sealed copy; the last one queues
   * the mail that lists them all. A request closed meanwhile is skipped, and the mail still goes with the last.
   */
  private void reissue(List<String> numbers) {
    String recoveryId = UUID.randomUUID().toString();
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < numbers.size(); i++) {
      String number = numbers.get(i);
      boolean last = i == numbers.size() - 1;
      chain = chain.compose(done -> commands.send(new ReissueAccessCode(number, AccessCodes.next(), recoveryId, last,
              new Actor("anonymous", Role.CITIZEN), Channel.WEB))
          .recover(err -> {
            if (last) {
              return Future.failedFuture(err);
            }
            LOG.info("Recovery {}: request {} was not reissued: {}", recoveryId, number, err.getMessage());
            return Future.succeededFuture();
          })
          .mapEmpty());
    }
    chain.onFailure(err -> LOG.warn("Recovery {} of {} open requests did not complete; the citizen may ask again",
        recoveryId, numbers.size(), err));
  }
}
