package al.tirana.councilline.audit;

import al.tirana.councilline.platform.http.ApiException;
import al.tirana.councilline.platform.http.Http;
import al.tirana.councilline.platform.http.Operation;
import al.tirana.councilline.platform.http.Routes;
import al.tirana.councilline.identity.Caller;
import al.tirana.councilline.request.CitizenDataVault;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.SimpleSerializedType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The event log as evidence: browse and export it, rebuild a request as of an instant, verify the hash chain. */
public final class AuditRoutes implements Routes {

  private static final Logger LOG = LoggerFactory.getLogger(AuditRoutes.class);
  private static final int PAGE = 500;
  private static final String EVENTS = "SELECT global_index, time_stamp, payload_type, payload_revision, "
      + "aggregate_identifier, payload FROM domain_event_entry "
      + "WHERE global_index > $1 AND ($2::text IS NULL OR aggregate_identifier = $2) "
      + "AND ($3::text IS NULL OR payload_type LIKE '%$' || $3 OR payload_type LIKE '%.' || $3) "
      // the actor is matched on the bytes here and exactly in Java (see page): decoding every payload as jsonb
      // in SQL fails on the first event whose text PostgreSQL refuses (NUL, a lone surrogate, invalid UTF-8)
      + "AND ($4::text IS NULL OR position(convert_to($4, 'UTF8') IN payload) > 0) "
      + "AND ($5::timestamptz IS NULL OR time_stamp::timestamptz >= $5) "
      + "AND ($6::timestamptz IS NULL OR time_stamp::timestamptz <= $6) ORDER BY global_index LIMIT $7";

  private final Vertx vertx;
  private final Pool pool;
  private final CitizenDataVault vault;
  private final DataSource dataSource;
  private final Configuration axon;
  private volatile AsOf.Readers readers;

  public AuditRoutes(Vertx vertx, Pool pool, CitizenDataVault vault, DataSource dataSource, Configuration axon) {
    this.vertx = vertx;
    this.axon = axon;
    this.pool = pool;
    this.vault = vault;
    this.dataSource = dataSource;
  }

  @Operation("auditEvents")
  private void events(RoutingContext ctx) {
    Caller auditor = Caller.current(ctx);
    Tuple filter = Tuple.of(0L, ctx.queryParams().get("number"), ctx.queryParams().get("type"),
        ctx.queryParams().get("actor"), time(ctx, "from"), time(ctx, "to"));
    long after = Http.longQuery(ctx, "after", 0L);
    String accept = ctx.request().getHeader("Accept");
    Future<Void> logged = logRead(auditor, "events " + ctx.request().query());
    if (accept != null && accept.contains("application/x-ndjson")) {
      HttpServerResponse response = ctx.response().setChunked(true)
          .putHeader("Content-Type", "application/x-ndjson; charset=utf-8");
      logged.compose(v -> stream(response, filter, after)).onSuccess(v -> response.end()).onFailure(err -> {
        if (!response.headWritten()) {
          ctx.fail(err);
        } else {
          response.reset();
        }
      });
      return;
    }
    int limit = Http.intQuery(ctx, "limit", 100);
    Http.reply(ctx, 200, logged.compose(v -> page(filter, after, limit)).map(entries -> new JsonObject()
        .put("items", entries).put("last", entries.isEmpty() ? after
            : entries.getJsonObject(entries.size() - 1).getLong("position"))));
  }

  /** Pages through the whole filtered log, writing one JSON line per event, respecting the client's pace. */
  private Future<Void> stream(HttpServerResponse response, Tuple filter, long after) {
    return page(filter, after, PAGE).compose(entries -> {
      StringBuilder lines = new StringBuilder();
      entries.forEach(e -> lines.append(((JsonObject) e).encode()).append('\n'));
      Future<Void> written = entries.isEmpty() ? Future.succeededFuture() : response.write(lines.toString());
      if (entries.size() < PAGE) {
        return written;
      }
      long last = entries.getJsonObject(entries.size() - 1).getLong("position");
      return written.compose(v -> stream(response, filter, last));
    });
  }

  /** Up to limit entries after the position; fewer only when the log has no more that match. */
  private Future<JsonArray> page(Tuple filter, long after, int limit) {
    return page(filter, after, limit, new JsonArray());
  }

  private Future<JsonArray> page(Tuple filter, long after, int limit, JsonArray found) {
    Tuple params = Tuple.tuple().addLong(after);
    for (int i = 1; i < filter.size(); i++) {
      params.addValue(filter.getValue(i));
    }
    // a whole page each time, even when only a few matches are missing: an actor's id that the byte match also finds
    // elsewhere in many payloads must not turn the scan into one round trip per event
    params.addInteger(limit);
    String actor = filter.getString(3);
    return pool.preparedQuery(EVENTS).execute(params).compose(rows -> {
      long last = after;
      List<Row> matching = new ArrayList<>();
      for (Row row : rows) {
        last = row.getLong("global_index");
        JsonObject by = payload(row).getJsonObject("by");
        if (actor == null || by != null && actor.equals(by.getString("id"))) {
          matching.add(row);
          if (found.size() + matching.size() == limit) {
            break;
          }
        }
      }
      long scanned = last;
      return entries(matching).compose(entries -> {
        found.addAll(entries);
        // the byte match may also hit the actor's id elsewhere in a payload: scan on until the page is full
        return found.size() >= limit || rows.size() < params.getInteger(params.size() - 1)
            ? Future.succeededFuture(found) : page(filter, scanned, limit, found);
      });
    });
  }

  /**
   * The stored payload, read leniently: an event stored before text was checked at the door may hold bytes that are
   * not UTF-8 or characters PostgreSQL cannot put in text; the audit still shows it (with replacement characters).
   */
  private static JsonObject payload(Row row) {
    return new JsonObject(new String(row.getBuffer("payload").getBytes(), StandardCharsets.UTF_8));
  }

  private Future<JsonArray> entries(List<Row> rows) {
    List<Future<JsonObject>> entries = new ArrayList<>();
    for (Row row : rows) {
      entries.add(entry(row));
    }
    return Future.all(entries).map(all -> {
      JsonArray result = new JsonArray();
      entries.forEach(e -> result.add(e.result()));
      return result;
    });
  }

  /** Personal data is shown decrypted to auditors while the citizen's key exists, "[erased]" after. */
  private Future<JsonObject> entry(Row row) {
    JsonObject payload = payload(row);
    String type = row.getString("payload_type");
    JsonObject entry = new JsonObject()
        .put("position", row.getLong("global_index"))
        .put("time", row.getString("time_stamp"))
        .put("type", type.substring(Math.max(type.lastIndexOf('$'), type.lastIndexOf('.')) + 1))
        .put("version", row.getString("payload_revision"))
        .put("request", row.getString("aggregate_identifier"))
        .put("actor", payload.getJsonObject("by") == null ? null : payload.getJsonObject("by").getString("id"))
        .put("role", payload.getJsonObject("by") == null ? null : payload.getJsonObject("by").getString("role"))
        .put("channel", payload.getString("channel"))
        .put("payload", payload);
    JsonObject sealed = payload.getJsonObject("personalData");
    if (sealed == null) {
      return Future.succeededFuture(entry);
    }
    return vault.open(pool, sealed.getString("citizenId"), sealed.getString("ciphertext")).map(data -> {
      payload.put("personalData", data.<Object>map(JsonObject::mapFrom).orElse("[erased]"));
      return entry;
    });
  }

  @Operation("auditAsOf")
  private void asOf(RoutingContext ctx) {
    Caller auditor = Caller.current(ctx);
    String number = ctx.pathParam("number");
    OffsetDateTime at = time(ctx, "asOf");
    OffsetDateTime until = at == null ? OffsetDateTime.now() : at;
    String instant = until.toInstant().toString();
    // the read is logged while the events are read: nothing is answered unless both succeed
    Future<Void> logged = logRead(auditor, "as-of " + number + " " + instant);
    Future<AsOf.Folded> folded = pool.preparedQuery(SNAPSHOT).execute(Tuple.of(number, AsOf.FOLD, until))
        .map(rows -> rows.size() == 0 ? null : snapshot(rows.iterator().next()))
        .recover(err -> {
          // the snapshot only saves work: without it the answer is the same, folded from the first event
          LOG.warn("The as-of snapshot of {} was not read; folding every event", number, err);
          return Future.succeededFuture(null);
        })
        .compose(from -> fold(number, until, instant, from).recover(err -> {
          if (!(err instanceof AsOf.UnreadableSnapshot)) {
            return Future.failedFuture(err);
          }
          LOG.warn("The as-of snapshot of {} is dropped and every event folded instead", number, err);
          return forget(number, from).compose(v -> fold(number, until, instant, null));
        }));
    Http.reply(ctx, 200, Future.join(logged, folded).transform(done -> logged.failed()
        ? Future.failedFuture(logged.cause()) : folded.map(result -> {
          if (result.next() != null) {
            keep(number, result.next());
          }
          return result.view();
        })));
  }

  /** The latest snapshot whose events all happened by the instant: the events after it are all the fold still needs. */
  private static final String SNAPSHOT = "SELECT last_sequence, facts, status, assignee_type, assignee_id, entries, "
      + "timeline FROM asof_snapshot WHERE aggregate_identifier = $1 AND fold = $2 AND covers_until <= $3 "
      + "ORDER BY last_sequence DESC LIMIT 1";

  private static AsOf.Snapshot snapshot(Row row) {
    return new AsOf.Snapshot(row.getLong(0), row.getString(1), row.getString(2), row.getString(3), row.getString(4),
        row.getInteger(5), row.getString(6));
  }

  /** The view from the snapshot (null: from the first event) and the request's events after it up to the instant. */
  private Future<AsOf.Folded> fold(String number, OffsetDateTime until, String instant, AsOf.Snapshot from) {
    return pool.preparedQuery("SELECT global_index, sequence_number, payload_type, "
            + "payload_revision, payload FROM domain_event_entry WHERE aggregate_identifier = $1 "
            + "AND time_stamp::timestamptz <= $2 AND sequence_number > $3 ORDER BY sequence_number")
        .execute(Tuple.of(number, until, from == null ? -1L : from.sequence()))
        .compose(rows -> {
          if (rows.size() == 0 && from == null) {
            throw ApiException.notFound("Request " + number + " as of " + instant);
          }
          List<Row> stored = new ArrayList<>();
          List<Long> older = new ArrayList<>();
          for (Row row : rows) {
            stored.add(row);
            if (readers().direct(new SimpleSerializedType(row.getString(2), row.getString(3))).isEmpty()) {
              older.add(row.getLong(1));
            }
          }
          // the rest of the row only for the few events in an older shape, which the upcaster chain reads whole
          Future<Map<Long, Row>> whole = older.isEmpty() ? Future.succeededFuture(Map.of())
              : pool.preparedQuery("SELECT sequence_number, event_identifier, time_stamp, meta_data "
                  + "FROM domain_event_entry WHERE aggregate_identifier = $1 AND sequence_number = ANY($2)")
                  .execute(Tuple.of(number, (Object) older.toArray(new Long[0]))).map(found -> {
                    Map<Long, Row> bySequence = new HashMap<>();
                    found.forEach(row -> bySequence.put(row.getLong(0), row));
                    return bySequence;
                  });
          return whole.compose(rest -> {
            List<AsOf.StoredEvent> events = new ArrayList<>(stored.size());
            for (Row r : stored) {
              // read leniently, as in the log (see payload): bytes stored before text was checked are replaced
              byte[] payload = new String(r.getBuffer(4).getBytes(), StandardCharsets.UTF_8)
                  .getBytes(StandardCharsets.UTF_8);
              Row more = rest.get(r.getLong(1));
              events.add(new AsOf.StoredEvent(r.getLong(0), r.getLong(1),
                  new SimpleSerializedType(r.getString(2), r.getString(3)), payload, more == null ? null
                  : new GenericDomainEventEntry<>("CitizenRequest", number, r.getLong(1), more.getString(1),
                      more.getString(2), r.getString(2), r.getString(3), payload, more.getBuffer(3).getBytes())));
            }
            // the upcasters may read the request's earlier events: a worker's job
            return vertx.executeBlocking(() -> AsOf.fold(number, instant, from, events, readers(),
                axon.upcasterChain()), false);
          });
        });
  }

  /**
   * Stores a snapshot for later calls, after the answer (the auditor does not wait for it). Its covers_until is the
   * latest time of the events it was folded from; nodes storing the same one store the same row, so the first wins.
   */
  private void keep(String number, AsOf.Snapshot snapshot) {
    pool.preparedQuery("INSERT INTO asof_snapshot (aggregate_identifier, fold, last_sequence, covers_until, facts, "
            + "status, assignee_type, assignee_id, entries, timeline) SELECT $1::text, $2::int, $3::bigint, "
            + "max(time_stamp::timestamptz), $4::text, $5::text, $6::text, $7::text, $8::int, $9::text "
            + "FROM domain_event_entry WHERE aggregate_identifier = $1::text AND sequence_number <= $3::bigint "
            + "ON CONFLICT DO NOTHING")
        .execute(Tuple.of(number, AsOf.FOLD, snapshot.sequence(), snapshot.facts(), snapshot.status(),
            snapshot.assigneeType(), snapshot.assigneeId(), snapshot.entries(), snapshot.timeline()))
        .onFailure(err -> LOG.warn("The as-of snapshot of {} after event {} was not stored; later calls fold "
            + "those events again", number, snapshot.sequence(), err));
  }

  /**
   * Deletes a snapshot that cannot be read, so no later call trips over it; the fold that follows may store it again
   * as it should read. A failed delete is logged and the answer goes on: the next call finds it and tries again.
   */
  private Future<Void> forget(String number, AsOf.Snapshot snapshot) {
    return pool.preparedQuery("DELETE FROM asof_snapshot WHERE aggregate_identifier = $1 AND fold = $2 "
            + "AND last_sequence = $3").execute(Tuple.of(number, AsOf.FOLD, snapshot.sequence())).<Void>mapEmpty()
        .recover(err -> {
          LOG.warn("The unreadable as-of snapshot of {} after event {} was not deleted", number, snapshot.sequence(),
              err);
          return Future.succeededFuture();
        });
  }

  /** Made on first use: the Axon configuration's serializer is there once the node has started. */
  private AsOf.Readers readers() {
    AsOf.Readers known = readers;
    if (known == null) {
      known = new AsOf.Readers(axon.eventSerializer());
      readers = known;
    }
    return known;
  }

  @Operation("auditVerify")
  private void verify(RoutingContext ctx) {
    Caller caller = Caller.current(ctx);
    Http.reply(ctx, 200, logRead(caller, "verify")
        .compose(v -> vertx.executeBlocking(() -> ChainVerifier.verify(dataSource), false)));
  }

  @Operation("auditHead")
  private void head(RoutingContext ctx) {
    Http.reply(ctx, 200, pool.query("SELECT global_index, hash, seal_position FROM event_seal "
        + "ORDER BY seal_position DESC LIMIT 1").execute().map(rows -> rows.size() == 0
        ? new JsonObject().put("sealed", 0).put("hash", EventSeal.GENESIS)
        : new JsonObject().put("position", rows.iterator().next().getLong(0))
            .put("hash", rows.iterator().next().getString(1))
            .put("sealed", rows.iterator().next().getLong(2))));
  }

  @Operation("eventCatalog")
  private void catalog(RoutingContext ctx) {
    Http.reply(ctx, 200, vertx.executeBlocking(() -> {
      JsonArray schemas = new JsonArray();
      for (String name : catalogFiles()) {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("events/catalog/" + name)) {
          schemas.add(new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        }
      }
      return new JsonObject().put("events", schemas);
    }, false));
  }

  private static List<String> catalogFiles() throws Exception {
    List<String> names = new ArrayList<>();
    java.net.URI uri = AuditRoutes.class.getClassLoader().getResource("events/catalog").toURI();
    java.nio.file.Path dir;
    if ("jar".equals(uri.getScheme())) {
      java.nio.file.FileSystem fs;
      try {
        fs = java.nio.file.FileSystems.newFileSystem(uri, java.util.Map.of());
      } catch (java.nio.file.FileSystemAlreadyExistsException ex) {
        fs = java.nio.file.FileSystems.getFileSystem(uri);
      }
      dir = fs.getPath("events/catalog");
    } else {
      dir = java.nio.file.Path.of(uri);
    }
    try (var files = java.nio.file.Files.list(dir)) {
      files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".schema.json")).sorted().forEach(names::add);
    }
    return names;
  }

  private Future<Void> logRead(Caller caller, String what) {
    return pool.preparedQuery("INSERT INTO audit_read (username, role, what) VALUES ($1, $2, $3)")
        .execute(Tuple.of(caller.username(), caller.role().name(), what)).mapEmpty();
  }

  private static OffsetDateTime time(RoutingContext ctx, String name) {
    return Http.query(ctx, name, null, OffsetDateTime::parse, "an ISO-8601 date-time with offset", "not a date-time");
  }
}
