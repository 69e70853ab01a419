package al.tirana.councilline.identity;

import al.tirana.councilline.core.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Accounts of the council's people, login, and the first administrator. */
public final class Accounts {

  private static final Logger LOG = LoggerFactory.getLogger(Accounts.class);
  public static final String ISSUER = "councilline";
  static final int TOKEN_MINUTES = 60;
  /** Compared against when the username is unknown, so a wrong username costs as long as a wrong password. */
  private static final String DUMMY_HASH = Passwords.hash("not-a-real-password");

  private final Vertx vertx;
  private final Pool pool;
  private final JWTAuth jwt;

  public Accounts(Vertx vertx, Pool pool, JWTAuth jwt) {
    this.vertx = vertx;
    this.pool = pool;
    this.jwt = jwt;
  }

  /** Blocking, at start-up: creates {@code admin} once, with ADMIN_PASSWORD or a generated password printed once. */
  public static void bootstrapAdmin(DataSource dataSource, Optional<String> adminPassword) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM user_account WHERE role = 'ADMIN'");
           ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          c.rollback();
          return;
        }
      }
      String password = adminPassword.orElseGet(Accounts::generatePassword);
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO user_account (username, password_hash, role) VALUES ('admin', ?, 'ADMIN') "
              + "ON CONFLICT (username) DO NOTHING")) {
        ps.setString(1, Passwords.hash(password));
        ps.executeUpdate();
      }
      c.commit();
      if (adminPassword.isEmpty()) {
        LOG.warn("Created the administrator account 'admin' with the one-time password: {}", password);
      } else {
        LOG.info("Created the administrator account 'admin' with the password from ADMIN_PASSWORD");
      }
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

  public Future<String> login(String username, String password) {
    return pool.preparedQuery("SELECT password_hash, role, counselor_id, active FROM user_account WHERE username = $1")
        .execute(Tuple.of(username))
        .compose(rows -> {
          Row row = rows.size() == 0 ? null : rows.iterator().next();
          String hash = row == null ? DUMMY_HASH : row.getString("password_hash");
          return vertx.executeBlocking(() -> Passwords.verify(password, hash), false).map(ok -> {
            if (!ok || row == null || !row.getBoolean("active")) {
              throw ApiException.unauthorized("Wrong username or password");
            }
            return token(username, Role.valueOf(row.getString("role")), row.getString("counselor_id"));
          });
        });
  }

  public String token(String username, Role role, String counselorId) {
    JsonObject claims = new JsonObject().put("sub", username).put("role", role.name());
    if (counselorId != null) {
      claims.put("counselorId", counselorId);
    }
    return jwt.generateToken(claims, new JWTOptions().setAlgorithm("HS256").setIssuer(ISSUER)
        .setExpiresInMinutes(TOKEN_MINUTES));
  }

  public Future<JsonObject> create(String username, String password, Role role, String counselorId) {
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
        .compose(v -> vertx.executeBlocking(() -> Passwords.hash(password), false))
        .compose(hash -> pool.preparedQuery("INSERT INTO user_account (username, password_hash, role, counselor_id) "
                + "VALUES ($1, $2, $3, $4) ON CONFLICT (username) DO NOTHING")
            .execute(Tuple.of(username, hash, role.name(), counselorId)))
        .map(result -> {
          if (result.rowCount() == 0) {
            throw ApiException.conflict("USERNAME_TAKEN", "The username " + username + " is taken");
          }
          JsonObject account = new JsonObject().put("username", username).put("role", role.name());
          return counselorId == null ? account : account.put("counselorId", counselorId);
        });
  }
}
