package al.tirana.councilline.platform.config;

import al.tirana.councilline.platform.net.IpRange;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Every setting of the application, read from environment variables in this one place.
 * The README's configuration table lists the same names.
 */
public record Config(
    int httpPort,
    Optional<String> databaseUrl,
    Path dataDir,
    int embeddedPgPort,
    Optional<String> adminPassword,
    Optional<String> dataKey,
    Optional<String> jwtSecret,
    Optional<String> jwtPrivateKeyFile,
    Optional<String> jwtPublicKeyFile,
    String trackingPrefix,
    String logFormat,
    int bodyLimitBytes,
    Duration slaUrgent,
    Duration slaNormal,
    String slaMode,
    double slaWarningRemaining,
    String escalationEmail,
    Optional<String> smtpHost,
    int smtpPort,
    Optional<String> smtpUser,
    Optional<String> smtpPassword,
    String smtpTls,
    String mailFrom,
    String publicUrl,
    int mailMaxAttempts,
    int mailRetrySeconds,
    String openDataLicense,
    int rateLimitSubmitPerMinute,
    int rateLimitSubmitTotalPerMinute,
    int rateLimitLoginPerMinute,
    int lockoutThreshold,
    int lockoutMinutes,
    int accessTokenMinutes,
    Optional<String> oidcIssuer,
    Optional<String> oidcJwksUrl,
    String oidcRoleClaim,
    String oidcRoleMap,
    String oidcCounselorClaim,
    String corsAllowedOrigins,
    String trustedProxies,
    int submissionThreads,
    int commandThreads,
    int dbPoolSize,
    Duration dbTimeout,
    int rateLimitAccessCodePerMinute,
    int httpRequestTimeoutSeconds,
    int httpIdleTimeoutSeconds,
    Optional<String> metricsToken,
    int readyMaxLag,
    Optional<String> whatsappPhoneNumberId,
    String whatsappAccessToken,
    String whatsappAppSecret,
    String whatsappVerifyToken,
    String whatsappGraphUrl,
    Optional<String> whatsappDefaultAddressee,
    String whatsappTemplateUpdate,
    String whatsappTemplateLanguage,
    Optional<String> routingDefaultCommission,
    int rateLimitRecoveryPerMinute,
    boolean demo,
    int rateLimitApiKeyPerMinute,
    boolean axonTuning,
    int webhookMaxAttempts,
    int webhookRetrySeconds,
    int liveMaxSubscribers,
    boolean webhookAllowPrivateUrls,
    int webhookMaxInFlightPerSubscriber,
    int webhookMaxPendingPerSubscriber,
    int webhookDeliveryDeadlineSeconds,
    String trustedProxyHeader) {

  /** Requests, counters and dates are counted in the council's own time zone. */
  public static final ZoneId ZONE = ZoneId.of("Europe/Tirane");

  /**
   * Heap a node keeps for everything but its live subscribers: its caches, pools, projections and the requests it
   * serves meanwhile, and the collector's room to work in. Small on purpose: a node is sized for its subscribers,
   * and the per-place budget below already rounds each subscriber up.
   */
  static final long LIVE_RESERVED_HEAP = 48L * 1024 * 1024;
  /**
   * Heap budgeted per place of a live subscriber: rounded up from what an SSE stream over HTTP/2 holds after a full
   * collection (Vert.x's stream with its outbound queue, request and response headers, the subscription), as P3 in
   * BENCHMARKS.md measures it, so the places never claim more than the heap beyond the reserve. A subscriber with a
   * connection of its own (SSE over HTTP/1.1, a WebSocket), which holds up to twice as much, takes two (LiveHub).
   */
  static final long LIVE_BYTES_PER_SUBSCRIBER = 9L * 1024;

  /** LIVE_MAX_SUBSCRIBERS when unset: the places the heap (-Xmx) holds beyond the reserve, at least 100. */
  static int defaultLiveMaxSubscribers(long maxHeapBytes) {
    return (int) Math.max(100, Math.min(Integer.MAX_VALUE,
        (maxHeapBytes - LIVE_RESERVED_HEAP) / LIVE_BYTES_PER_SUBSCRIBER));
  }

  /** Settings whose value is a credential: never printed. */
  private static final Pattern SECRET = Pattern.compile("(Password|Key|Secret|Token)$");

  /** The user and password of a URL's authority: the password is masked, the user kept. */
  private static final Pattern URL_CREDENTIALS = Pattern.compile("//([^:/@]*):[^@/]*@");

  /**
   * Every setting, with credentials masked (and the password of a DATABASE_URL): a record would print them all, and
   * the configuration travels in objects that an exception or a debugging log line may print.
   */
  @Override
  public String toString() {
    StringJoiner settings = new StringJoiner(", ", "Config[", "]");
    for (RecordComponent component : Config.class.getRecordComponents()) {
      Object value;
      try {
        value = component.getAccessor().invoke(this);
      } catch (ReflectiveOperationException ex) {
        throw new IllegalStateException("Cannot read setting " + component.getName(), ex);
      }
      if (SECRET.matcher(component.getName()).find() && !Optional.empty().equals(value)) {
        value = "***";
      } else if (value instanceof Optional<?> url && component.getName().endsWith("Url")) {
        value = url.map(text -> URL_CREDENTIALS.matcher(String.valueOf(text)).replaceFirst("//$1:***@"));
      }
      settings.add(component.getName() + "=" + value);
    }
    return settings.toString();
  }

  public static Config fromEnv() {
    return from(System.getenv());
  }

  public static Config from(Map<String, String> env) {
    Env e = new Env(env);
    return new Config(
        e.integer("HTTP_PORT", 8080),
        e.optional("DATABASE_URL"),
        Path.of(e.string("DATA_DIR", "./data")).toAbsolutePath().normalize(),
        e.integer("EMBEDDED_PG_PORT", 54329),
        e.optional("ADMIN_PASSWORD"),
        e.optional("DATA_KEY"),
        e.optional("JWT_SECRET"),
        e.optional("JWT_PRIVATE_KEY_FILE"),
        e.optional("JWT_PUBLIC_KEY_FILE"),
        e.string("TRACKING_PREFIX", "TR"),
        e.string("LOG_FORMAT", "text"),
        e.integer("BODY_LIMIT_BYTES", 65_536),
        e.duration("SLA_URGENT", Duration.ofDays(3)),
        e.duration("SLA_NORMAL", Duration.ofDays(15)),
        e.choice("SLA_MODE", "calendar", "calendar", "working"),
        e.fraction("SLA_WARNING_REMAINING", 0.33),
        e.string("ESCALATION_EMAIL", "sekretaria@keshillibashkiak.tirana.al"),
        e.optional("SMTP_HOST"),
        e.integer("SMTP_PORT", 587),
        e.optional("SMTP_USER"),
        e.optional("SMTP_PASSWORD"),
        e.choice("SMTP_TLS", "starttls", "starttls", "tls", "none"),
        e.string("MAIL_FROM", "CouncilLine <no-reply@tirana.al>"),
        e.string("PUBLIC_URL", "http://localhost:8080"),
        e.integer("MAIL_MAX_ATTEMPTS", 5),
        e.integer("MAIL_RETRY_SECONDS", 5),
        e.string("OPEN_DATA_LICENSE", "CC-BY-4.0"),
        e.integer("RATE_LIMIT_SUBMIT_PER_MINUTE", 20),
        e.integer("RATE_LIMIT_SUBMIT_TOTAL_PER_MINUTE", 600),
        e.integer("RATE_LIMIT_LOGIN_PER_MINUTE", 10),
        e.integer("LOCKOUT_THRESHOLD", 5),
        e.integer("LOCKOUT_MINUTES", 15),
        e.integer("ACCESS_TOKEN_MINUTES", 15),
        e.optional("OIDC_ISSUER"),
        e.optional("OIDC_JWKS_URL"),
        e.string("OIDC_ROLE_CLAIM", "roles"),
        e.string("OIDC_ROLE_MAP", "councilline-admin=ADMIN,councilline-staff=STAFF,councilline-counselor=COUNSELOR,"
            + "councilline-auditor=AUDITOR"),
        e.string("OIDC_COUNSELOR_CLAIM", "counselor_id"),
        e.string("CORS_ALLOWED_ORIGINS", ""),
        e.trustedProxies("TRUSTED_PROXIES"),
        e.atLeastOne("SUBMISSION_THREADS", 2),
        e.atLeastOne("COMMAND_THREADS", 4),
        e.integer("DB_POOL_SIZE", 20),
        e.positiveDuration("DB_TIMEOUT", Duration.ofSeconds(5)),
        e.atLeastOne("RATE_LIMIT_ACCESS_CODE_PER_MINUTE", 10),
        e.atLeastOne("HTTP_REQUEST_TIMEOUT_SECONDS", 30),
        e.idleTimeout("HTTP_IDLE_TIMEOUT_SECONDS", 60),
        e.optional("METRICS_TOKEN"),
        e.atLeastOne("READY_MAX_LAG", 10_000),
        e.optional("WHATSAPP_PHONE_NUMBER_ID"),
        e.string("WHATSAPP_ACCESS_TOKEN", ""),
        e.string("WHATSAPP_APP_SECRET", ""),
        e.string("WHATSAPP_VERIFY_TOKEN", ""),
        e.string("WHATSAPP_GRAPH_URL", "https://graph.facebook.com/v23.0").replaceAll("/+$", ""),
        e.optional("WHATSAPP_DEFAULT_ADDRESSEE"),
        e.string("WHATSAPP_TEMPLATE_UPDATE", "councilline_update"),
        e.string("WHATSAPP_TEMPLATE_LANGUAGE", "sq"),
        e.optional("ROUTING_DEFAULT_COMMISSION"),
        e.atLeastOne("RATE_LIMIT_RECOVERY_PER_MINUTE", 3),
        e.flag("DEMO"),
        e.atLeastOne("RATE_LIMIT_API_KEY_PER_MINUTE", 120),
        "on".equals(e.choice("AXON_TUNING", "on", "on", "off")),
        e.atLeastOne("WEBHOOK_MAX_ATTEMPTS", 8),
        e.atLeastOne("WEBHOOK_RETRY_SECONDS", 5),
        e.atLeastOne("LIVE_MAX_SUBSCRIBERS", defaultLiveMaxSubscribers(Runtime.getRuntime().maxMemory())),
        e.flag("WEBHOOK_ALLOW_PRIVATE_URLS"),
        e.atLeastOne("WEBHOOK_MAX_IN_FLIGHT_PER_SUBSCRIBER", 4),
        e.atLeastOne("WEBHOOK_MAX_PENDING_PER_SUBSCRIBER", 1000),
        e.atLeastOne("WEBHOOK_DELIVERY_DEADLINE_SECONDS", 30),
        e.choice("TRUSTED_PROXY_HEADER", "both", "both", "x-forwarded-for", "forwarded"));
  }

  private record Env(Map<String, String> values) {
    Optional<String> optional(String name) {
      return Optional.ofNullable(values.get(name)).map(String::trim).filter(v -> !v.isEmpty());
    }

    String string(String name, String fallback) {
      return optional(name).orElse(fallback);
    }

    int integer(String name, int fallback) {
      return parsed(name, fallback, Integer::parseInt, "a whole number");
    }

    /** The value as {@code parse} reads it; one it cannot read stops the node, naming what was expected. */
    private <T> T parsed(String name, T fallback, Function<String, T> parse, String expected) {
      return optional(name).map(v -> {
        try {
          return parse.apply(v);
        } catch (RuntimeException ex) {
          throw new IllegalArgumentException(name + " must be " + expected + ", got '" + v + "'", ex);
        }
      }).orElse(fallback);
    }

    /** Checked here, so a node with a mistyped range refuses to start rather than trusting the wrong peers. */
    String trustedProxies(String name) {
      String value = string(name, "");
      IpRange.parseList(value);
      return value;
    }

    boolean flag(String name) {
      String value = string(name, "0").toLowerCase(java.util.Locale.ROOT);
      return value.equals("1") || value.equals("true") || value.equals("yes");
    }

    int atLeastOne(String name, int fallback) {
      int value = integer(name, fallback);
      if (value < 1) {
        throw new IllegalArgumentException(name + " must be at least 1, got " + value);
      }
      return value;
    }

    /** Live streams send a heartbeat every 15 s; an idle timeout not clearly longer would cut them. */
    int idleTimeout(String name, int fallback) {
      int value = integer(name, fallback);
      if (value < 20) {
        throw new IllegalArgumentException(name + " must be at least 20 (live streams send a heartbeat every 15 s), "
            + "got " + value);
      }
      return value;
    }

    String choice(String name, String fallback, String... allowed) {
      String value = string(name, fallback).toLowerCase(java.util.Locale.ROOT);
      if (!java.util.Arrays.asList(allowed).contains(value)) {
        throw new IllegalArgumentException(name + " must be one of " + String.join(", ", allowed) + ", got '" + value
            + "'");
      }
      return value;
    }

    double fraction(String name, double fallback) {
      return parsed(name, fallback, v -> {
        double d = Double.parseDouble(v);
        if (d <= 0 || d >= 1) {
          throw new NumberFormatException();
        }
        return d;
      }, "a fraction between 0 and 1");
    }

    Duration duration(String name, Duration fallback) {
      return parsed(name, fallback, Duration::parse, "an ISO-8601 duration such as P3D or PT10S");
    }

    Duration positiveDuration(String name, Duration fallback) {
      Duration value = duration(name, fallback);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be longer than zero, got '" + value + "'");
      }
      return value;
    }
  }
}
