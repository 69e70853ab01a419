package al.tirana.councilline.request;

import al.tirana.councilline.platform.keys.MasterKey;
import al.tirana.councilline.platform.sql.Sql;
import al.tirana.councilline.request.RequestCommand.SubmitRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * What an idempotency key of a submission is bound to: a fingerprint of who sent which body, and the first answer,
 * sealed because it carries the access code (which is otherwise kept only as a digest). Both use keys derived from
 * the master key, so every node sharing the database reads what another wrote, and a copy of the table alone
 * reveals neither the access codes nor, by guessing, the bodies.
 *
 * <p>The key's row is written in the submission's own transaction ({@link #recorder}), so a committed submission
 * always has its key, and the key table's primary key lets only one of two concurrent submissions with one key
 * commit, whichever node each reached.
 */
public final class IdempotencyKeys {

  /** Names of the command's metadata that carry the key and the fingerprint to the recorder. */
  static final String KEY = "idempotencyKey";
  static final String FINGERPRINT = "idempotencyFingerprint";

  private static final String GATHERED = "idempotency-keys";
  /**
   * One statement per group of submissions, its keys in order: two groups that share keys (two nodes given the same
   * retries) then take the keys' locks in the same order, and the later waits for the earlier instead of
   * deadlocking with it.
   */
  private static final String INSERT = "INSERT INTO idempotency_key (key, fingerprint, number, answer) "
      + "SELECT k, decode(f, 'base64'), n, decode(a, 'base64') "
      + "FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) AS t(k, f, n, a) ORDER BY k";

  /** The longest scope: with its space and the key's digest (43 characters) it fits the key column (200). */
  private static final int SCOPE_MAX = 200 - 44;

  private final byte[] fingerprintKey;
  private final byte[] answerKey;
  private final byte[] scopeKey;

  public IdempotencyKeys(MasterKey masterKey) {
    this.fingerprintKey = masterKey.derive("idempotency-key-fingerprint");
    this.answerKey = masterKey.derive("idempotency-key-answer");
    this.scopeKey = masterKey.derive("idempotency-key-scope");
  }

  /** {@link IdempotentSubmissions#scoped}: the scope, a space and a digest of the key (43 characters). */
  String scoped(String scope, String key) {
    if (scope.isEmpty() || scope.length() > SCOPE_MAX || scope.contains(" ")) {
      throw new IllegalArgumentException("A scope is 1 to " + SCOPE_MAX + " characters without a space: " + scope);
    }
    return scope + " " + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(MasterKey.hmac(scopeKey, key.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Who sent which body, independent of the order of its fields: the same key with another fingerprint is another
   * submission reusing the key.
   */
  public byte[] fingerprint(String sender, JsonObject body) {
    String canonical = sender + "\n" + canonical(body).encode();
    return MasterKey.hmac(fingerprintKey, canonical.getBytes(StandardCharsets.UTF_8));
  }

  /** The answer, bound to its key: a sealed answer copied to another key's row does not open. */
  byte[] seal(String key, JsonObject answer) {
    return MasterKey.encrypt(answerKey, answer.encode().getBytes(StandardCharsets.UTF_8), "idempotency:" + key);
  }

  JsonObject open(String key, byte[] sealed) {
    return new JsonObject(new String(MasterKey.decrypt(answerKey, sealed, "idempotency:" + key),
        StandardCharsets.UTF_8));
  }

  /** The submission carrying its key to the {@link #recorder}; the metadata reaches no event. */
  static CommandMessage<SubmitRequest> tagged(SubmitRequest command, String key, byte[] fingerprint) {
    return GenericCommandMessage.<SubmitRequest>asCommandMessage(command).andMetaData(
        MetaData.with(KEY, key).and(FINGERPRINT, Base64.getEncoder().encodeToString(fingerprint)));
  }

  /**
   * Writes the key of each submission that carries one, with its sealed answer, in the submission's transaction:
   * gathered over the group and inserted by one statement just before the commit. A submission whose key another
   * one of its group already carries fails alone (the group bus then handles it by itself, after the group has
   * committed, and the key's row makes it a replay).
   */
  public MessageHandlerInterceptor<CommandMessage<?>> recorder(Sql sql) {
    return new Recorder(sql);
  }

  private final class Recorder implements MessageHandlerInterceptor<CommandMessage<?>> {

    private final Sql sql;

    Recorder(Sql sql) {
      this.sql = sql;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain)
        throws Exception {
      CommandMessage<?> command = unitOfWork.getMessage();
      if (!(command.getMetaData().get(KEY) instanceof String key)
          || !(command.getPayload() instanceof SubmitRequest submission)) {
        return chain.proceed();
      }
      Map<String, String[]> keys = sql.gathered(GATHERED, TreeMap::new, this::insert);
      if (keys.containsKey(key)) {
        throw new IllegalStateException("Two submissions of one group carry the idempotency key " + key);
      }
      Object result = chain.proceed();
      if (result instanceof SubmittedRequest submitted) {
        keys.put(key, new String[] {(String) command.getMetaData().get(FINGERPRINT), submitted.number(),
            Base64.getEncoder().encodeToString(seal(key, submitted.answer(submission.accessCode())))});
      }
      return result;
    }

    private void insert(Map<String, String[]> keys) {
      if (keys.isEmpty()) {
        return;
      }
      int size = keys.size();
      String[] names = keys.keySet().toArray(String[]::new);
      String[] fingerprints = new String[size];
      String[] numbers = new String[size];
      String[] answers = new String[size];
      for (int i = 0; i < size; i++) {
        String[] row = keys.get(names[i]);
        fingerprints[i] = row[0];
        numbers[i] = row[1];
        answers[i] = row[2];
      }
      sql.update(INSERT, names, fingerprints, numbers, answers);
    }
  }

  /** The JSON with every object's fields in name order, so that field order does not change the fingerprint. */
  private static Object canonical(Object value) {
    if (value instanceof JsonObject object) {
      JsonObject sorted = new JsonObject();
      for (String name : new TreeSet<>(object.fieldNames())) {
        sorted.put(name, canonical(object.getValue(name)));
      }
      return sorted;
    }
    if (value instanceof JsonArray array) {
      JsonArray copy = new JsonArray();
      array.forEach(item -> copy.add(canonical(item)));
      return copy;
    }
    return value;
  }

  private static JsonObject canonical(JsonObject body) {
    return (JsonObject) canonical((Object) body);
  }
}
