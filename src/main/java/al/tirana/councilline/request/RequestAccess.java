package al.tirana.councilline.request;

import al.tirana.councilline.platform.http.ApiException;
import al.tirana.councilline.platform.http.ClientAddress;
import al.tirana.councilline.platform.http.RateLimiter;
import al.tirana.councilline.identity.Caller;
import al.tirana.councilline.shared.Role;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Who may see or act on one request: the rules that depend on the request itself, not only on the role. */
public record RequestAccess(Pool pool, PersonalDataVault vault, RateLimiter wrongCodes) {

  private static final String WRONG_CODES = "wrong access codes";

  /** Council staff see everything; a concerned counselor too; the citizen with the code sees their own; others the public view. */
  public Future<Audience> audience(RoutingContext ctx, Row row) {
    Caller caller = Caller.of(ctx).orElse(null);
    if (caller != null && caller.is(Role.STAFF, Role.ADMIN, Role.AUDITOR)) {
      return Future.succeededFuture(Audience.COUNCIL);
    }
    Future<Boolean> concerned = caller != null && caller.role() == Role.COUNSELOR
        ? concerns(caller.counselorId(), row) : Future.succeededFuture(false);
    return concerned.compose(isConcerned -> {
      if (isConcerned) {
        return Future.succeededFuture(Audience.COUNCIL);
      }
      if (row.getBoolean("spam")) {
        throw ApiException.notFound("Request " + row.getString("number"));
      }
      if (ctx.request().getHeader("X-Access-Code") != null) {
        return requireAccessCode(ctx, row).map(ok -> Audience.CITIZEN);
      }
      return Future.succeededFuture(Audience.PUBLIC);
    });
  }

  /**
   * The citizen's access code must match, and guessing is limited for the cluster: wrong codes are counted per
   * number and per client, and once either has used up its allowance for the minute every attempt, right or wrong,
   * is refused with 429 before the code is even compared, so a guesser learns nothing more.
   */
  public Future<Void> requireAccessCode(RoutingContext ctx, Row row) {
    List<String> keys = List.of("number:" + row.getString("number"), "client:" + ClientAddress.limitKey(ctx));
    if (hasAccessCode(ctx, row)) {
      return wrongCodes.check(keys, WRONG_CODES);
    }
    // a wrong code is counted in the statement that checks the allowance, so guesses sent all at once each count
    return wrongCodes.countFailure(keys, WRONG_CODES).compose(counted -> Future.failedFuture(
        ApiException.forbidden("The access code does not match this request")));
  }

  /** Counselors act only on requests addressed or assigned to them or to one of their commissions. */
  public Future<Row> requireConcerned(Caller caller, Row row) {
    if (caller.role() != Role.COUNSELOR) {
      return Future.succeededFuture(row);
    }
    return concerns(caller.counselorId(), row).map(ok -> {
      if (!ok) {
        throw ApiException.forbidden("This request is not addressed to you or your commissions");
      }
      return row;
    });
  }

  private boolean hasAccessCode(RoutingContext ctx, Row row) {
    return matchesAccessCode(ctx.request().getHeader("X-Access-Code"), row);
  }

  public boolean matchesAccessCode(String code, Row row) {
    if (code == null) {
      return false;
    }
    String digest = vault.accessCodeDigest(code.trim().replace("-", "").toUpperCase(Locale.ROOT));
    return MessageDigest.isEqual(digest.getBytes(StandardCharsets.US_ASCII),
        row.getString("access_code_hash").getBytes(StandardCharsets.US_ASCII));
  }

  private Future<Boolean> concerns(String counselorId, Row row) {
    if (counselorId == null) {
      return Future.succeededFuture(false);
    }
    if (isCounselor(row, "addressee", counselorId) || isCounselor(row, "assignee", counselorId)) {
      return Future.succeededFuture(true);
    }
    return pool.preparedQuery("SELECT commission_ids FROM directory_counselor WHERE id = $1")
        .execute(Tuple.of(counselorId))
        .map(rows -> {
          if (rows.size() == 0) {
            return false;
          }
          List<String> commissions = Arrays.asList(rows.iterator().next().getArrayOfStrings("commission_ids"));
          return isCommissionIn(row, "addressee", commissions) || isCommissionIn(row, "assignee", commissions);
        });
  }

  private static boolean isCounselor(Row row, String role, String counselorId) {
    return "COUNSELOR".equals(row.getString(role + "_type")) && counselorId.equals(row.getString(role + "_id"));
  }

  private static boolean isCommissionIn(Row row, String role, List<String> commissions) {
    return "COMMISSION".equals(row.getString(role + "_type")) && commissions.contains(row.getString(role + "_id"));
  }
}
