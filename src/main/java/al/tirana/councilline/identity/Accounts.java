package al.tirana.councilline.identity;

import al.tirana.councilline.shared.Actor;
import al.tirana.councilline.shared.Role;
import al.tirana.councilline.platform.http.ApiException;
import al.tirana.councilline.platform.json.IsoInstants;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Accounts of the council's people, login, and the first administrator. */
public final class Accounts {

  private static final Logger LOG = LoggerFactory.getLogger(Accounts.class);
  public static final String ISSUER = "councilline";
  private static final long REFRESH_DAYS = 30;
  /** Compared against when the username is unknown, so a wrong username costs as long as a wrong password. */
  private static final String DUMMY_HASH = Passwords.decoy();

  private final Vertx vertx;
  private final Pool pool;
  private final SigningKeys jwt;
  private final al.tirana.councilline.platform.axon.Commands commands;
  private final LoginThrottle throttle;
  private final int tokenMinutes;

  public Accounts(Vertx vertx, Pool pool, SigningKeys jwt, al.tirana.councilline.platform.axon.Commands commands,
                  int lockoutThreshold, int lockoutMinutes, int tokenMinutes) {
    this.vertx = vertx;
    this.pool = pool;
    this.jwt = jwt;
    this.commands = commands;
    this.throttle = new LoginThrottle(pool, lockoutThreshold, lockoutMinutes);
    this.tokenMinutes = tokenMinutes;
  }

  public int tokenMinutes() {
    return tokenMinutes;
  }

  /**
   * Blocking, at start-up once Axon runs: creates {@code admin} (an AccountCreated event) when no administrator
   * exists, with ADMIN_PASSWORD or a generated password printed once.
   */
  public static void bootstrapAdmin(DataSource dataSource, org.axonframework.commandhandling.gateway.CommandGateway
      commands, Optional<String> adminPassword) throws SQLException {
    try (Connection c = dataSource.getConnection();
         PreparedStatement ps = c.prepareStatement("SELECT 1 FROM user_account WHERE role = 'ADMIN'");
         ResultSet rs = ps.executeQuery()) {
      boolean exists = rs.next();
      c.rollback();
      if (exists) {
        return;
      }
    }
    String password = adminPassword.orElseGet(Accounts::generatePassword);
    try {
      commands.sendAndWait(new AccountCommand.CreateAccount("admin", Role.ADMIN, null, Passwords.hash(password),
          Actor.SYSTEM));
    } catch (org.axonframework.modelling.command.AggregateStreamCreationException anotherNodeWasFaster) {
      return;
    }
    if (adminPassword.isEmpty()) {
      LOG.warn("Created the administrator account 'admin' with the one-time password: {}", password);
    } else {
      LOG.info("Created the administrator account 'admin' with the password from ADMIN_PASSWORD");
    }
  }

  private static String generatePassword() {
    String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    SecureRandom random = new SecureRandom();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  /**
   * Checks the password (on a worker: the KDF is slow on purpose) and answers with an access token and a refresh
   * token. Repeated failures hold back the client they come from ({@code client}: its address, an IPv6 one's /64),
   * for that account only ({@link LoginThrottle}), and are recorded as security events with the address itself; the
   * account itself is never locked, so a stranger cannot lock its holder out.
   */
  public Future<JsonObject> login(String username, String password, String address, String client) {
    return throttle.check(username, client).compose(allowed -> pool.preparedQuery(
            "SELECT c.password_hash, a.role, a.counselor_id, a.active FROM user_account a "
            + "JOIN user_credential c USING (username) WHERE a.username = $1")
        .execute(Tuple.of(username)))
        .compose(rows -> {
          Row row = rows.size() == 0 ? null : rows.iterator().next();
          String hash = row == null ? DUMMY_HASH : row.getString("password_hash");
          return vertx.executeBlocking(() -> Passwords.verify(password, hash), false).compose(ok -> {
            if (!ok || row == null || !row.getBoolean("active")) {
              return failed(username, address, client, row != null).compose(v -> Future.failedFuture(
                  ApiException.unauthorized("Wrong username or password")));
            }
            return throttle.succeeded(username, client)
                .compose(v -> session(username, Role.valueOf(row.getString("role")), row.getString("counselor_id")));
          });
        });
  }

  private Future<Void> failed(String username, String address, String client, boolean known) {
    return throttle.failed(username, client).compose(heldBack -> {
      if (heldBack > 0) {
        LOG.warn("Logins to {} from {} held back for {} s after repeated failures", username, address, heldBack);
        return securityEvent("LOGIN_THROTTLED", username, address, heldBack + " seconds");
      }
      return securityEvent("LOGIN_FAILED", username, address, known ? "wrong password" : "unknown account");
    });
  }

  Future<Void> securityEvent(String kind, String username, String address, String detail) {
    return pool.preparedQuery("INSERT INTO security_event (kind, username, address, detail) VALUES ($1, $2, $3, $4)")
        .execute(Tuple.of(kind, username, address, detail)).mapEmpty();
  }

  /** A new access token and a new refresh token (stored as a digest only). */
  private Future<JsonObject> session(String username, Role role, String counselorId) {
    String refresh = randomToken();
    return pool.preparedQuery("INSERT INTO refresh_token (digest, username, expires_at) "
            + "VALUES ($1, $2, now() + make_interval(days => $3))")
        .execute(Tuple.of(digest(refresh), username, (int) REFRESH_DAYS))
        .map(v -> new JsonObject().put("token", token(username, role, counselorId)).put("refreshToken", refresh)
            .put("expiresInMinutes", tokenMinutes));
  }

  /** Trades a refresh token for a new session; the old refresh token stops working (rotation). */
  public Future<JsonObject> refresh(String refreshToken) {
    return pool.preparedQuery("UPDATE refresh_token SET revoked_at = now() WHERE digest = $1 "
            + "AND revoked_at IS NULL AND expires_at > now() RETURNING username")
        .execute(Tuple.of(digest(refreshToken)))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(ApiException.unauthorized("The refresh token is invalid, used or revoked"));
          }
          String username = rows.iterator().next().getString("username");
          return pool.preparedQuery("SELECT role, counselor_id FROM user_account WHERE username = $1 AND active")
              .execute(Tuple.of(username))
              .compose(accounts -> {
                if (accounts.size() == 0) {
                  return Future.failedFuture(ApiException.unauthorized("The account is no longer active"));
                }
                Row account = accounts.iterator().next();
                return session(username, Role.valueOf(account.getString("role")), account.getString("counselor_id"));
              });
        });
  }

  /** Revokes the presented access token at once and every refresh token of the account. */
  public Future<Void> logout(String username, String jti, long expiresAtEpochSeconds) {
    return pool.preparedQuery("INSERT INTO revoked_token (jti, expires_at) VALUES ($1, to_timestamp($2)) "
            + "ON CONFLICT (jti) DO NOTHING").execute(Tuple.of(jti, expiresAtEpochSeconds))
        .compose(v -> pool.preparedQuery("UPDATE refresh_token SET revoked_at = now() WHERE username = $1 "
            + "AND revoked_at IS NULL").execute(Tuple.of(username)))
        .mapEmpty();
  }

  /** The claim with a token's issue time in milliseconds. */
  static final String ISSUED_AT_MILLIS = "iat_ms";

  public String token(String username, Role role, String counselorId) {
    JsonObject claims = new JsonObject().put("sub", username).put("role", role.name())
        .put("jti", java.util.UUID.randomUUID().toString())
        // iat has whole seconds; a deactivation in the same second must still tell the tokens before it from after
        .put(ISSUED_AT_MILLIS, System.currentTimeMillis());
    if (counselorId != null) {
      claims.put("counselorId", counselorId);
    }
    return jwt.generateToken(claims, new JWTOptions().setAlgorithm(jwt.algorithm()).setIssuer(ISSUER)
        .setExpiresInMinutes(tokenMinutes));
  }

  private static String randomToken() {
    return java.util.HexFormat.of().formatHex(al.tirana.councilline.platform.keys.MasterKey.randomBytes(32));
  }

  private static String digest(String token) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException ex) {
      throw new IllegalStateException(ex);
    }
  }

  public Future<JsonObject> create(String username, String password, Role role, String counselorId, Actor by) {
    if (role == Role.COUNSELOR && counselorId == null) {
      return Future.failedFuture(ApiException.unprocessable("COUNSELOR_ID_REQUIRED",
          "A COUNSELOR account must name its counselorId"));
    }
    if (role != Role.COUNSELOR && counselorId != null) {
      return Future.failedFuture(ApiException.unprocessable("COUNSELOR_ID_NOT_ALLOWED",
          "Only COUNSELOR accounts are linked to a counselor"));
    }
    Future<Void> counselorExists = counselorId == null ? Future.succeededFuture()
        : pool.preparedQuery("SELECT 1 FROM directory_counselor WHERE id = $1").execute(Tuple.of(counselorId))
            .map(rows -> {
              if (rows.size() == 0) {
                throw ApiException.unprocessable("UNKNOWN_COUNSELOR", "There is no counselor " + counselorId);
              }
              return null;
            });
    return counselorExists
        .compose(v -> pool.preparedQuery("SELECT 1 FROM user_account WHERE username = $1").execute(Tuple.of(username)))
        .map(rows -> {
          if (rows.size() > 0) {
            throw ApiException.conflict("USERNAME_TAKEN", "The username " + username + " is taken");
          }
          return null;
        })
        .compose(v -> vertx.executeBlocking(() -> Passwords.hash(password), false))
        .compose(hash -> commands.send(new AccountCommand.CreateAccount(username, role, counselorId, hash, by)))
        .map(done -> {
          JsonObject account = new JsonObject().put("username", username).put("role", role.name());
          return counselorId == null ? account : account.put("counselorId", counselorId);
        });
  }

  /** The account holder proves the current password before choosing a new one. */
  public Future<Void> changePassword(Caller caller, String current, String next) {
    return pool.preparedQuery("SELECT password_hash FROM user_credential WHERE username = $1")
        .execute(Tuple.of(caller.username()))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(ApiException.unprocessable("NO_LOCAL_PASSWORD",
                "This account signs in through the identity provider"));
          }
          String hash = rows.iterator().next().getString(0);
          return vertx.executeBlocking(() -> Passwords.verify(current, hash) ? Passwords.hash(next) : null, false);
        })
        .compose(newHash -> newHash == null
            ? Future.failedFuture(ApiException.forbidden("The current password is wrong"))
            : commands.send(new AccountCommand.ChangePassword(caller.username(), newHash, caller.actor())))
        .mapEmpty();
  }

  /** Every account, for administrators: who may act, in which role, and whether they still can. No secrets. */
  public Future<JsonArray> list() {
    return pool.query("SELECT username, role, counselor_id, active, created_at, locked_until FROM user_account "
            + "ORDER BY username").execute()
        .map(rows -> {
          JsonArray accounts = new JsonArray();
          rows.forEach(row -> {
            JsonObject account = new JsonObject().put("username", row.getString("username"))
                .put("role", row.getString("role")).put("active", row.getBoolean("active"))
                .put("createdAt", IsoInstants.format(row.getOffsetDateTime("created_at").toInstant()));
            if (row.getString("counselor_id") != null) {
              account.put("counselorId", row.getString("counselor_id"));
            }
            OffsetDateTime locked = row.getOffsetDateTime("locked_until");
            if (locked != null && locked.toInstant().isAfter(Instant.now())) {
              account.put("lockedUntil", IsoInstants.format(locked.toInstant()));
            }
            accounts.add(account);
          });
          return accounts;
        });
  }

  public Future<Void> deactivate(Caller admin, String username) {
    return commands.send(new AccountCommand.DeactivateAccount(username, admin.actor())).mapEmpty();
  }

  public Future<Void> reactivate(Caller admin, String username) {
    return commands.send(new AccountCommand.ReactivateAccount(username, admin.actor())).mapEmpty();
  }
}
