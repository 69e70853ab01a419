package al.tirana.councilline.identity;

import al.tirana.councilline.platform.http.ApiException;
import al.tirana.councilline.platform.config.Config;
import al.tirana.councilline.platform.keys.MasterKey;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.Credentials;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys that sign and verify login tokens, the same on every node. By default RS256 key pairs kept in the
 * database ({@code token_signing_key}), the private halves sealed under the master key: any node with the cluster's
 * DATA_KEY signs and verifies, each token names its key ({@code kid}), the newest key signs, and a rotation adds a
 * key while the tokens signed by the previous ones stay valid until they expire. A node picks up keys another node
 * added when a token names a key it does not know, and every half minute. JWT_PRIVATE_KEY_FILE and
 * JWT_PUBLIC_KEY_FILE (RS256), or JWT_SECRET alone (HS256), override the database as fixed keys.
 *
 * <p>Vert.x's JWTAuth is immutable, so this holds the current pair of them (a signer with the newest private key, a
 * verifier with every public key still in use) and swaps both at once when the keys change.
 */
public final class SigningKeys implements JWTAuth {

  private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);
  private static final String RS256 = "RS256";
  /** Held while a node looks for the first key and adds it, so nodes starting together on an empty database agree. */
  private static final long LOCK_KEY = 0x436c4a776b4b6579L;
  private static final long REFRESH_MS = 30_000;
  /** A token naming an unknown key reloads the keys at most this often, so made-up key ids cost no queries. */
  private static final long UNKNOWN_KEY_RELOAD_MS = 1_000;
  /**
   * A key replaced by a newer one keeps verifying for the token lifetime and this margin: other nodes may sign with
   * it until they reload, and clocks differ.
   */
  private static final int RETIREMENT_MARGIN_MINUTES = 10;

  /** What the node found at start-up: fixed keys from the configuration, or the keys in the database. */
  public record Keys(String algorithm, JWTAuthOptions fixed, JsonArray fixedJwks, List<StoredKey> stored) {
  }

  record StoredKey(String kid, byte[] publicKey, byte[] sealedPrivateKey) {
  }

  private record State(JWTAuth signer, JWTAuth verifier, Set<String> kids, JsonArray jwks, long loadedAt) {
  }

  private final Vertx vertx;
  private final Pool pool;
  private final MasterKey masterKey;
  private final String algorithm;
  private final boolean fromDatabase;
  private final int retireAfterMinutes;
  private volatile State state;
  private volatile Future<State> reloading;

  private SigningKeys(Vertx vertx, Pool pool, MasterKey masterKey, Keys keys, int tokenMinutes) {
    this.vertx = vertx;
    this.pool = pool;
    this.masterKey = masterKey;
    this.algorithm = keys.algorithm();
    this.fromDatabase = keys.fixed() == null;
    this.retireAfterMinutes = tokenMinutes + RETIREMENT_MARGIN_MINUTES;
    if (fromDatabase) {
      this.state = state(keys.stored());
    } else {
      JWTAuth fixed = JWTAuth.create(vertx, keys.fixed());
      this.state = new State(fixed, fixed, Set.of(), keys.fixedJwks(), Long.MAX_VALUE);
    }
  }

  public static SigningKeys create(Vertx vertx, Pool pool, MasterKey masterKey, Keys keys, int tokenMinutes) {
    return new SigningKeys(vertx, pool, masterKey, keys, tokenMinutes);
  }

  /**
   * Blocking, at start-up: the keys from JWT_PRIVATE_KEY_FILE/JWT_PUBLIC_KEY_FILE or JWT_SECRET when set; else the
   * database's, adding the first one when there is none (the DATA_DIR/jwt pair of a node from before keys were kept
   * in the database, so its tokens stay valid across the upgrade, or a new pair).
   */
  public static Keys load(Config config, DataSource dataSource, MasterKey masterKey) throws Exception {
    JWTOptions verification = new JWTOptions().setIssuer(Accounts.ISSUER);
    if (config.jwtSecret().isPresent() && config.jwtPrivateKeyFile().isEmpty()) {
      return new Keys("HS256", new JWTAuthOptions().setJWTOptions(verification)
          .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(config.jwtSecret().get())),
          new JsonArray(), List.of());
    }
    if (config.jwtPrivateKeyFile().isPresent()) {
      Path publicFile = Path.of(config.jwtPublicKeyFile().orElseThrow(() ->
          new IllegalArgumentException("JWT_PUBLIC_KEY_FILE must accompany JWT_PRIVATE_KEY_FILE")));
      String privatePem = Files.readString(Path.of(config.jwtPrivateKeyFile().get()), StandardCharsets.US_ASCII);
      String publicPem = Files.readString(publicFile, StandardCharsets.US_ASCII);
      RSAPublicKey publicKey = publicKey(der(publicPem));
      return new Keys(RS256, new JWTAuthOptions().setJWTOptions(verification)
          .addPubSecKey(new PubSecKeyOptions().setAlgorithm(RS256).setBuffer(privatePem))
          .addPubSecKey(new PubSecKeyOptions().setAlgorithm(RS256).setBuffer(publicPem)),
          new JsonArray().add(jwk(kid(publicKey), publicKey)), List.of());
    }
    ensureOne(dataSource, masterKey, config.dataDir().resolve("jwt"));
    try (Connection connection = dataSource.getConnection()) {
      List<StoredKey> stored = new ArrayList<>();
      try (PreparedStatement select = connection.prepareStatement(inUse())) {
        select.setInt(1, config.accessTokenMinutes() + RETIREMENT_MARGIN_MINUTES);
        try (ResultSet rs = select.executeQuery()) {
          while (rs.next()) {
            stored.add(new StoredKey(rs.getString(1), rs.getBytes(2), rs.getBytes(3)));
          }
        }
      }
      connection.rollback();
      return new Keys(RS256, null, null, stored);
    }
  }

  /** The keys that still verify, newest (the signer) first; {@code $1}/{@code ?}: minutes a replaced key lives on. */
  private static String inUse() {
    return "SELECT kid, public_key, sealed_private_key FROM (SELECT kid, public_key, sealed_private_key, created_at, "
        + "lead(created_at) OVER (ORDER BY created_at, kid) AS replaced_at FROM token_signing_key) k "
        + "WHERE replaced_at IS NULL OR replaced_at > now() - make_interval(mins => ?) "
        + "ORDER BY created_at DESC, kid DESC";
  }

  private static void ensureOne(DataSource dataSource, MasterKey masterKey, Path legacyDir) throws Exception {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (Statement st = connection.createStatement()) {
        st.execute("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")");
        try (ResultSet rs = st.executeQuery("SELECT EXISTS (SELECT 1 FROM token_signing_key)")) {
          rs.next();
          if (rs.getBoolean(1)) {
            connection.rollback();
            return;
          }
        }
        Optional<KeyPair> legacy = legacyPair(legacyDir);
        KeyPair pair = legacy.orElseGet(SigningKeys::newPair);
        String kid = insert(connection, masterKey, pair);
        connection.commit();
        LOG.info(legacy.isPresent()
            ? "Imported the token signing key pair of " + legacyDir + " into the database as key {}; the files are "
                + "no longer needed" : "Created the first token signing key {} in the database", kid);
      } catch (SQLException | RuntimeException ex) {
        connection.rollback();
        throw ex;
      }
    }
  }

  private static String insert(Connection connection, MasterKey masterKey, KeyPair pair) throws SQLException {
    String kid = kid((RSAPublicKey) pair.getPublic());
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO token_signing_key "
        + "(kid, public_key, sealed_private_key) VALUES (?, ?, ?) ON CONFLICT (kid) DO NOTHING")) {
      insert.setString(1, kid);
      insert.setBytes(2, pair.getPublic().getEncoded());
      insert.setBytes(3, masterKey.wrap(pair.getPrivate().getEncoded(), context(kid)));
      insert.executeUpdate();
    }
    return kid;
  }

  /** The pair an earlier version generated into DATA_DIR/jwt, when both files are there. */
  private static Optional<KeyPair> legacyPair(Path dir) throws IOException, GeneralSecurityException {
    Path privateFile = dir.resolve("jwt-private.pem");
    Path publicFile = dir.resolve("jwt-public.pem");
    if (!Files.exists(privateFile) || !Files.exists(publicFile)) {
      return Optional.empty();
    }
    KeyFactory rsa = KeyFactory.getInstance("RSA");
    return Optional.of(new KeyPair(
        rsa.generatePublic(new X509EncodedKeySpec(der(Files.readString(publicFile, StandardCharsets.US_ASCII)))),
        rsa.generatePrivate(new PKCS8EncodedKeySpec(der(Files.readString(privateFile, StandardCharsets.US_ASCII))))));
  }

  private static KeyPair newPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException ex) {
      throw new IllegalStateException(ex);
    }
  }

  /** The private half is sealed with its key id bound, so a sealed key cannot pass for another. */
  private static String context(String kid) {
    return "token-signing-key:" + kid;
  }

  public String algorithm() {
    return algorithm;
  }

  /**
   * Adds a new key pair, which becomes the signer here at once and on the other nodes within half a minute; tokens
   * signed by the previous keys stay valid until they expire. The key pair is made on a worker (it takes a while).
   */
  public Future<JsonObject> rotate(Caller admin, String address) {
    if (!fromDatabase) {
      return Future.failedFuture(ApiException.conflict("KEYS_FROM_CONFIGURATION", "Token keys come from "
          + "JWT_PRIVATE_KEY_FILE/JWT_PUBLIC_KEY_FILE or JWT_SECRET: rotate them by replacing those settings"));
    }
    return vertx.executeBlocking(() -> {
      KeyPair pair = newPair();
      String kid = kid((RSAPublicKey) pair.getPublic());
      return Tuple.of(kid, Buffer.buffer(pair.getPublic().getEncoded()),
          Buffer.buffer(masterKey.wrap(pair.getPrivate().getEncoded(), context(kid))));
    }, false).compose(row -> pool.withTransaction(connection -> connection.preparedQuery(
            "INSERT INTO token_signing_key (kid, public_key, sealed_private_key) VALUES ($1, $2, $3)").execute(row)
        .compose(v -> connection.preparedQuery("INSERT INTO security_event (kind, username, address, detail) "
            + "VALUES ('SIGNING_KEY_ROTATED', $1, $2, $3)").execute(Tuple.of(admin.username(), address,
            "new key " + row.getString(0)))))
        .compose(v -> reloadSince())
        .map(loaded -> {
          LOG.info("{} rotated the token signing key: {} signs from now on", admin.username(), row.getString(0));
          return new JsonObject().put("kid", row.getString(0))
              .put("keys", new JsonArray(loaded.jwks().stream().map(k -> ((JsonObject) k).getString("kid")).toList()));
        }));
  }

  /** The public keys as a JWK set (RFC 7517), for other systems that verify CouncilLine's tokens. */
  public Future<JsonObject> jwks() {
    return current(REFRESH_MS).map(loaded -> new JsonObject().put("keys", loaded.jwks().copy()));
  }

  @Override
  public Future<User> authenticate(Credentials credentials) {
    if (!(credentials instanceof TokenCredentials token) || !fromDatabase) {
      return state.verifier().authenticate(credentials);
    }
    State known = state;
    String kid = unverifiedKid(token.getToken());
    if (kid == null || known.kids().contains(kid)) {
      // a known key verifies with the keys at hand; a stale set is refreshed behind it, so a database that does not
      // answer costs this request nothing (its own queries are bounded by DB_TIMEOUT)
      refreshInBackground(known);
      return known.verifier().authenticate(credentials);
    }
    // a key this node has not loaded: another node's rotation, or a made-up id. Reload, but at most once per interval:
    // a token arriving just after a load waits for the next one instead of being refused with the keys at hand
    long wait = known.loadedAt() + UNKNOWN_KEY_RELOAD_MS - System.currentTimeMillis();
    Future<State> fresh = wait <= 0 ? current(UNKNOWN_KEY_RELOAD_MS)
        : Future.<Void>future(timer -> vertx.setTimer(wait + 1, id -> timer.complete()))
            .compose(v -> current(UNKNOWN_KEY_RELOAD_MS));
    return fresh.compose(loaded -> loaded.verifier().authenticate(credentials));
  }

  @Override
  public String generateToken(JsonObject claims, JWTOptions options) {
    State now = state;
    // signs with the key at hand; a newer key another node added signs from the next token on
    refreshInBackground(now);
    return now.signer().generateToken(claims, options);
  }

  private void refreshInBackground(State known) {
    if (fromDatabase && System.currentTimeMillis() - known.loadedAt() > REFRESH_MS) {
      current(REFRESH_MS).onFailure(err -> LOG.warn("Could not reload the token signing keys", err));
    }
  }

  @Override
  public String generateToken(JsonObject claims) {
    return generateToken(claims, new JWTOptions().setAlgorithm(algorithm));
  }

  /** The keys, reloaded from the database first when older than the given age. */
  private Future<State> current(long maxAgeMs) {
    State known = state;
    if (!fromDatabase || System.currentTimeMillis() - known.loadedAt() <= maxAgeMs) {
      return Future.succeededFuture(known);
    }
    return reload();
  }

  /** A reload that starts after now: one already under way may have read the table before a change just made. */
  private Future<State> reloadSince() {
    Future<State> inFlight = reloading;
    return inFlight == null || inFlight.isComplete() ? reload() : inFlight.transform(done -> reload());
  }

  /** One reload at a time; callers meanwhile share it. A failed reload keeps the keys at hand. */
  private synchronized Future<State> reload() {
    Future<State> inFlight = reloading;
    if (inFlight != null && !inFlight.isComplete()) {
      return inFlight;
    }
    Future<State> next = pool.preparedQuery(inUse().replace("?", "$1")).execute(Tuple.of(retireAfterMinutes))
        .map(rows -> {
          List<StoredKey> stored = new ArrayList<>();
          for (Row row : rows) {
            stored.add(new StoredKey(row.getString(0), row.getBuffer(1).getBytes(), row.getBuffer(2).getBytes()));
          }
          State loaded = state(stored);
          state = loaded;
          return loaded;
        })
        .recover(err -> {
          LOG.warn("Could not reload the token signing keys; keeping the {} at hand", state.kids().size(), err);
          // the keys at hand count as fresh for another interval, so that requests do not each try again at once
          State kept = state;
          state = new State(kept.signer(), kept.verifier(), kept.kids(), kept.jwks(), System.currentTimeMillis());
          return Future.succeededFuture(state);
        });
    reloading = next;
    return next;
  }

  private State state(List<StoredKey> stored) {
    if (stored.isEmpty()) {
      throw new IllegalStateException("token_signing_key holds no key");
    }
    JWTOptions verification = new JWTOptions().setIssuer(Accounts.ISSUER);
    StoredKey newest = stored.get(0);
    byte[] privateKey = masterKey.unwrap(newest.sealedPrivateKey(), context(newest.kid()));
    JWTAuth signer = JWTAuth.create(vertx, new JWTAuthOptions().setJWTOptions(verification)
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm(RS256).setId(newest.kid())
            .setBuffer(pem("PRIVATE KEY", privateKey))));
    Arrays.fill(privateKey, (byte) 0);
    JWTAuthOptions verifierOptions = new JWTAuthOptions().setJWTOptions(verification);
    JsonArray jwks = new JsonArray();
    for (StoredKey key : stored) {
      verifierOptions.addPubSecKey(new PubSecKeyOptions().setAlgorithm(RS256).setId(key.kid())
          .setBuffer(pem("PUBLIC KEY", key.publicKey())));
      jwks.add(jwk(key.kid(), publicKey(key.publicKey())));
    }
    return new State(signer, JWTAuth.create(vertx, verifierOptions),
        stored.stream().map(StoredKey::kid).collect(Collectors.toUnmodifiableSet()), jwks, System.currentTimeMillis());
  }

  private static String unverifiedKid(String token) {
    int dot = token.indexOf('.');
    if (dot <= 0) {
      return null;
    }
    try {
      return new JsonObject(new String(Base64.getUrlDecoder().decode(token.substring(0, dot)),
          StandardCharsets.UTF_8)).getString("kid");
    } catch (RuntimeException notAHeader) {
      // not a JWT header at all: the verifier refuses the token with its own reason
      return null;
    }
  }

  /** The RFC 7638 thumbprint: the same key gets the same id on every node, and an imported key keeps its id. */
  static String kid(RSAPublicKey key) {
    String canonical = "{\"e\":\"" + base64Url(key.getPublicExponent()) + "\",\"kty\":\"RSA\",\"n\":\""
        + base64Url(key.getModulus()) + "\"}";
    try {
      return Base64.getUrlEncoder().withoutPadding().encodeToString(
          MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException ex) {
      throw new IllegalStateException(ex);
    }
  }

  private static JsonObject jwk(String kid, RSAPublicKey key) {
    return new JsonObject().put("kty", "RSA").put("kid", kid).put("use", "sig").put("alg", RS256)
        .put("n", base64Url(key.getModulus())).put("e", base64Url(key.getPublicExponent()));
  }

  /** An unsigned big-endian integer in base64url, as JWKs carry n and e. */
  private static String base64Url(BigInteger value) {
    byte[] bytes = value.toByteArray();
    if (bytes.length > 1 && bytes[0] == 0) {
      bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static RSAPublicKey publicKey(byte[] der) {
    try {
      return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException ex) {
      throw new IllegalStateException("Not an RSA public key", ex);
    }
  }

  private static byte[] der(String pem) {
    return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
