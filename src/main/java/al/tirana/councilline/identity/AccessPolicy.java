package al.tirana.councilline.identity;

import al.tirana.councilline.platform.http.ApiException;
import al.tirana.councilline.shared.Role;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Who may call which operation of the contract: the one authorization matrix, applied in front of every route.
 * Rules that depend on the data (a counselor acts only on requests of theirs; a citizen proves the access code)
 * are checked where the data is read, in RequestAccess.
 */
public final class AccessPolicy {

  private static final Set<Role> ANYONE = EnumSet.noneOf(Role.class);
  private static final Set<Role> ADMIN = EnumSet.of(Role.ADMIN);
  private static final Set<Role> STAFF = EnumSet.of(Role.ADMIN, Role.STAFF);
  private static final Set<Role> HANDLERS = EnumSet.of(Role.ADMIN, Role.STAFF, Role.COUNSELOR);
  private static final Set<Role> INBOX = EnumSet.of(Role.ADMIN, Role.STAFF, Role.COUNSELOR, Role.AUDITOR);
  private static final Set<Role> ACCOUNTS = INBOX;

  private static final Map<String, Set<Role>> MATRIX = new HashMap<>();

  static {
    for (String open : new String[] {"health", "login", "refreshToken", "listCommissions", "listCounselors",
        "submitRequest", "getRequest", "withdrawRequest", "answerInformationRequest", "rateResponse", "getFeed",
        "counselorTimeline", "commissionTimeline", "requestStream", "feedStream", "stats", "statsBreakdown", "statsCsv",
        "openDataCsv", "openDataJson", "openDataDictionary", "successStories", "slaSummary", "auditHead",
        "eventCatalog", "jwks", "ready", "metrics", "routeByTopic", "recoverAccessCodes"}) {
      MATRIX.put(open, ANYONE);
    }
    for (String admin : new String[] {"createUser", "listUsers", "deactivateUser", "reactivateUser", "createCommission", "updateCommission",
        "createCounselor", "updateCounselor", "rebuildProjection", "addHoliday", "removeHoliday", "importHolidays",
        "eraseCitizen", "rotateSigningKey"}) {
      MATRIX.put(admin, ADMIN);
    }
    for (String staff : new String[] {"acknowledgeRequest", "assignRequest", "changePriority", "resolveRequest",
        "closeRequest", "rejectRequest", "reopenRequest", "resumeClock", "extendDeadline", "markSpam",
        "publishSuccessStory", "withdrawSuccessStory", "listOutbox"}) {
      MATRIX.put(staff, STAFF);
    }
    for (String handler : new String[] {"referRequest", "inviteCitizen", "addNote", "respondToRequest",
        "awaitCitizen"}) {
      MATRIX.put(handler, HANDLERS);
    }
    // Meta's WhatsApp webhook proves itself by its verify token and signature
    for (String meta : new String[] {"whatsappVerify", "whatsappWebhook"}) {
      MATRIX.put(meta, ANYONE);
    }
    for (String webhooks : new String[] {"createWebhook", "listWebhooks", "deleteWebhook", "listWebhookDeliveries",
        "redeliverWebhook", "resumeWebhook"}) {
      MATRIX.put(webhooks, ADMIN);
    }
    MATRIX.put("getInbox", INBOX);
    MATRIX.put("inboxStream", INBOX);
    MATRIX.put("markInboxRead", EnumSet.of(Role.COUNSELOR));
    MATRIX.put("listHolidays", EnumSet.of(Role.ADMIN, Role.STAFF, Role.AUDITOR));
    MATRIX.put("logout", ACCOUNTS);
    MATRIX.put("changePassword", ACCOUNTS);
    MATRIX.put("auditEvents", EnumSet.of(Role.AUDITOR));
    MATRIX.put("auditAsOf", EnumSet.of(Role.AUDITOR));
    MATRIX.put("auditVerify", EnumSet.of(Role.AUDITOR, Role.ADMIN));
    MATRIX.put("opsSummary", EnumSet.of(Role.ADMIN, Role.STAFF, Role.AUDITOR));
    for (String integrators : new String[] {"createApiKey", "listApiKeys", "revokeApiKey"}) {
      MATRIX.put(integrators, EnumSet.of(Role.ADMIN));
    }
    // Open311: open to anyone; a submission is authorized by its api_key, which is not a login
    for (String open311 : new String[] {"open311DiscoveryJson", "open311DiscoveryXml", "open311ServicesJson",
        "open311ServicesXml", "open311ServiceDefinition", "open311SubmitJson", "open311SubmitXml",
        "open311RequestsJson", "open311RequestsXml", "open311Request", "open311Token"}) {
      MATRIX.put(open311, ANYONE);
    }
  }

  private AccessPolicy() {
  }

  /** The guard in front of an operation; an operation missing from the matrix stops the start-up. */
  public static Handler<RoutingContext> guard(String operationId) {
    Set<Role> allowed = MATRIX.get(operationId);
    if (allowed == null) {
      throw new IllegalStateException("Operation " + operationId + " is missing from the authorization matrix");
    }
    return ctx -> {
      if (!allowed.isEmpty()) {
        Caller caller = Caller.current(ctx);
        if (!allowed.contains(caller.role())) {
          throw ApiException.forbidden("A " + caller.role() + " may not do this");
        }
      }
      ctx.next();
    };
  }

  public static boolean allows(String operationId, Role role) {
    Set<Role> allowed = MATRIX.getOrDefault(operationId, Set.of());
    return allowed.isEmpty() || allowed.contains(role);
  }
}
