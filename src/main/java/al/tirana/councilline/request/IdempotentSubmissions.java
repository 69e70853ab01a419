package al.tirana.councilline.request;

import al.tirana.councilline.platform.domain.DomainException;
import al.tirana.councilline.platform.http.ApiException;
import al.tirana.councilline.platform.axon.Commands;
import al.tirana.councilline.request.RequestCommand.SubmitRequest;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submissions sent with an {@code Idempotency-Key}: a client that never got its answer (a timeout, a node that died
 * between the commit and the answer) sends the same submission again with the same key, to any node, and gets the
 * first answer again instead of a second request. Keys are honoured for 24 hours.
 *
 * <p>A repeat is usually answered from the key's row before it reaches the command bus. Two submissions with one key
 * at once both miss the row; the key table's primary key lets only one commit, and the other, failing, finds the
 * winner's row and answers with it.
 *
 * <p>The citizen API stores keys as sent, so the same key from another sender is refused. A client with keys of its
 * own (an Open311 integrator) submits with a {@link #scoped} key instead, which no other client's key can equal.
 */
public final class IdempotentSubmissions {

  public static final String HEADER = "Idempotency-Key";
  public static final String REPLAYED = "Idempotent-Replayed";

  private static final Logger LOG = LoggerFactory.getLogger(IdempotentSubmissions.class);
  /** Printable ASCII without spaces, as the contract says: a UUID, a hash, a client's own counter. */
  private static final Pattern WELL_FORMED = Pattern.compile("[!-~]{1,200}");
  private static final String HONOURED = "interval '24 hours'";
  private static final long SWEEP_EVERY_NANOS = TimeUnit.MINUTES.toNanos(10);

  private final Pool pool;
  private final IdempotencyKeys keys;
  private final AtomicLong nextSweep = new AtomicLong(System.nanoTime());
  /** Keys whose submission this node is handling now, to the answer each will get. */
  private final Map<String, Future<JsonObject>> inFlight = new ConcurrentHashMap<>();

  public IdempotentSubmissions(Pool pool, IdempotencyKeys keys) {
    this.pool = pool;
    this.keys = keys;
  }

  /** The key the client sent, if any; a malformed one is refused before anything is stored. */
  public static Optional<String> keyOf(RoutingContext ctx) {
    String key = ctx.request().getHeader(HEADER);
    if (key == null) {
      return Optional.empty();
    }
    if (!WELL_FORMED.matcher(key).matches()) {
      throw ApiException.badRequest("INVALID_IDEMPOTENCY_KEY",
          HEADER + " must be 1 to 200 printable ASCII characters without spaces", null);
    }
    return Optional.of(key);
  }

  /**
   * The key as stored for one client: the same key sent by two clients, or by a client and a citizen, is then two
   * keys. A space ends the scope, and no key sent holds one, so a scoped key never equals a key stored as sent; the
   * key itself is digested, so that scope and key fit the column.
   *
   * @param scope the client, e.g. the id of its API key; 1 to 156 characters without a space
   */
  public String scoped(String scope, String key) {
    return keys.scoped(scope, key);
  }

  /**
   * The first answer given for the key, or the answer of this submission if it is the first; a key already used for
   * another body (or by another sender) is refused with 422.
   *
   * @param sender who submits: the same key from another sender is another submission
   * @param command the submission, made (and checked) only when it is not a repeat
   */
  public Future<JsonObject> submit(RoutingContext ctx, String key, String sender, JsonObject body,
                                   Supplier<Future<SubmitRequest>> command, Commands commands,
                                   Supplier<Future<Void>> allowed) {
    byte[] fingerprint = keys.fingerprint(sender, body);
    Promise<JsonObject> mine = Promise.promise();
    Future<JsonObject> earlier = inFlight.putIfAbsent(key, mine.future());
    if (earlier != null) {
      // The same key is being submitted on this node right now (a double click, a client's early retry): it waits
      // for the first and then goes on as a repeat, instead of racing it into the same group, whose transaction
      // the key's primary key would then roll back.
      Context here = ctx.vertx().getOrCreateContext();
      Promise<JsonObject> then = Promise.promise();
      earlier.onComplete(done -> here.runOnContext(
          v -> submit(ctx, key, sender, body, command, commands, allowed).onComplete(then)));
      return then.future();
    }
    sweepNowAndThen();
    firstTime(ctx, key, fingerprint, command, commands, allowed).onComplete(outcome -> {
      inFlight.remove(key, mine.future());
      mine.handle(outcome);
    });
    return mine.future();
  }

  private Future<JsonObject> firstTime(RoutingContext ctx, String key, byte[] fingerprint,
                                       Supplier<Future<SubmitRequest>> command, Commands commands,
                                       Supplier<Future<Void>> allowed) {
    return firstAnswer(key, fingerprint).compose(first -> {
      if (first.isPresent()) {
        return Future.succeededFuture(replayed(ctx, first.get()));
      }
      // a repeat is answered above without counting against the sender's rate limit; only a new submission counts
      return allowed.get()
          .compose(ok -> command.get())
          .compose(submission -> commands.<SubmittedRequest>send(IdempotencyKeys.tagged(submission, key, fingerprint))
              .map(submitted -> submitted.answer(submission.accessCode())))
          // a broken rule is this submission's own answer; any other failure may be the key's primary key
          // refusing a second submission that raced the first
          .recover(failure -> failure instanceof ApiException || failure instanceof DomainException
              ? Future.failedFuture(failure)
              : firstAnswer(key, fingerprint)
                  .compose(winner -> winner.isPresent() ? Future.succeededFuture(replayed(ctx, winner.get()))
                      : Future.<JsonObject>failedFuture(failure))
                  // a winner with another body is a 422; a lookup that failed too says less than the failure
                  .recover(lookup -> Future.failedFuture(lookup instanceof ApiException ? lookup : failure)));
    });
  }

  private static JsonObject replayed(RoutingContext ctx, JsonObject answer) {
    ctx.response().putHeader(REPLAYED, "true");
    return answer;
  }

  private Future<Optional<JsonObject>> firstAnswer(String key, byte[] fingerprint) {
    return pool.preparedQuery("SELECT fingerprint, answer, created_at < now() - " + HONOURED
            + " AS expired FROM idempotency_key WHERE key = $1")
        .execute(Tuple.of(key))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture(Optional.empty());
          }
          Row row = rows.iterator().next();
          if (row.getBoolean("expired")) {
            // not honoured any more; removed now so that this submission's own key can be written
            return pool.preparedQuery("DELETE FROM idempotency_key WHERE key = $1 AND created_at < now() - "
                + HONOURED).execute(Tuple.of(key)).map(deleted -> Optional.empty());
          }
          if (!MessageDigest.isEqual(row.getBuffer("fingerprint").getBytes(), fingerprint)) {
            throw ApiException.unprocessable("IDEMPOTENCY_KEY_REUSED",
                "This " + HEADER + " was used for another submission; send a new key for a new submission");
          }
          Buffer sealed = row.getBuffer("answer");
          return Future.succeededFuture(Optional.of(keys.open(key, sealed.getBytes())));
        });
  }

  /** Keys older than 24 hours are deleted by whichever node next takes a keyed submission, at most every 10 minutes. */
  private void sweepNowAndThen() {
    long due = nextSweep.get();
    long now = System.nanoTime();
    if (now - due < 0 || !nextSweep.compareAndSet(due, now + SWEEP_EVERY_NANOS)) {
      return;
    }
    pool.query("DELETE FROM idempotency_key WHERE created_at < now() - " + HONOURED).execute()
        .onSuccess(deleted -> LOG.debug("Swept {} idempotency keys older than 24 hours", deleted.rowCount()))
        .onFailure(failure -> LOG.warn("Could not sweep old idempotency keys; tried again in 10 minutes",
            failure));
  }
}
