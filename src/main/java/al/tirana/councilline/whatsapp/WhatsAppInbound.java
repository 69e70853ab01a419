package al.tirana.councilline.whatsapp;

import al.tirana.councilline.platform.http.ApiException;
import al.tirana.councilline.platform.http.CleanText;
import al.tirana.councilline.platform.axon.Commands;
import al.tirana.councilline.platform.config.Config;
import al.tirana.councilline.platform.db.OutageLog;
import al.tirana.councilline.platform.db.PollingWorker;
import al.tirana.councilline.shared.Actor;
import al.tirana.councilline.shared.Role;
import al.tirana.councilline.shared.Addressee;
import al.tirana.councilline.shared.Category;
import al.tirana.councilline.shared.Channel;
import al.tirana.councilline.request.Kind;
import al.tirana.councilline.request.PersonalData;
import al.tirana.councilline.shared.Priority;
import al.tirana.councilline.request.RequestCommand.AddCitizenMessage;
import al.tirana.councilline.request.RequestCommand.SubmitRequest;
import al.tirana.councilline.shared.Status;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles the deliveries the webhook recorded, oldest first, each message once (by its wamid): a text from a
 * citizen without an open WhatsApp request makes one, a text while one is open is added to it (or answers the
 * council's question), a tracking number is answered with that request's status, reply buttons are read by their
 * id, anything else is explained once. Status deliveries move the delivery state of the messages sent. Rows are
 * claimed with SKIP LOCKED and a lease, as the mail sender's are, so several nodes share the work.
 */
final class WhatsAppInbound extends PollingWorker {

  private static final Logger LOG = LoggerFactory.getLogger(WhatsAppInbound.class);
  private static final Pattern TRACKING_NUMBER = Pattern.compile("^[A-Za-z0-9]{1,16}-\\d{4}-\\d{6,}$");
  private static final String CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int ROUND = 20;
  /** Takes up to $1 due deliveries, oldest first; another node's claim skips them. */
  static final String CLAIM = "UPDATE whatsapp_inbox SET status = 'HANDLING', attempts = attempts + 1, "
      + "next_attempt_at = now() + interval '2 minutes' WHERE id IN (SELECT id FROM whatsapp_inbox "
      + "WHERE status IN ('PENDING', 'HANDLING') AND next_attempt_at <= now() "
      + "ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED) RETURNING id, sealed_body, attempts";
  private static final int MAX_ATTEMPTS = 5;
  private static final String NO_REQUEST = "-";

  private final Config config;
  private final Pool pool;
  private final Commands commands;
  private final WhatsAppKeys keys;

  WhatsAppInbound(Config config, Pool pool, Commands commands, WhatsAppKeys keys) {
    super(1_000, new OutageLog(LOG, "The WhatsApp inbox round"));
    this.config = config;
    this.pool = pool;
    this.commands = commands;
    this.keys = keys;
  }

  @Override
  protected Future<?> begin() {
    // the webhook wakes the worker as soon as a delivery is recorded
    vertx.eventBus().localConsumer(WhatsAppWebhook.WAKE_UP, message -> wake());
    return Future.succeededFuture();
  }

  @Override
  protected Future<Boolean> round() {
    return pool.preparedQuery(CLAIM).execute(Tuple.of(ROUND))
        .compose(rows -> {
          // one after the other, in the order Meta delivered them: a citizen's second text must find the request
          // their first one made
          Future<Void> chain = Future.succeededFuture();
          java.util.List<Row> claimed = new java.util.ArrayList<>();
          rows.forEach(claimed::add);
          claimed.sort(java.util.Comparator.comparingLong(r -> r.getLong("id")));
          for (Row row : claimed) {
            chain = chain.compose(v -> handleDelivery(row));
          }
          return chain.map(v -> claimed.size() == ROUND);
        });
  }

  private Future<Void> handleDelivery(Row row) {
    long id = row.getLong("id");
    JsonObject delivery;
    try {
      delivery = new JsonObject(io.vertx.core.buffer.Buffer.buffer(
          keys.openDelivery(row.getBuffer("sealed_body").getBytes())));
    } catch (RuntimeException ex) {
      LOG.error("WhatsApp delivery {} cannot be read; it is set aside", id, ex);
      return finish(id, "FAILED", String.valueOf(ex.getMessage()));
    }
    Future<Void> chain = Future.succeededFuture();
    for (Object entry : delivery.getJsonArray("entry", new JsonArray())) {
      for (Object change : ((JsonObject) entry).getJsonArray("changes", new JsonArray())) {
        JsonObject value = ((JsonObject) change).getJsonObject("value", new JsonObject());
        String phoneNumberId = value.getJsonObject("metadata", new JsonObject()).getString("phone_number_id");
        if (!config.whatsappPhoneNumberId().orElse("").equals(phoneNumberId)) {
          continue; // another number of the business account: not this council's channel
        }
        for (Object message : value.getJsonArray("messages", new JsonArray())) {
          chain = chain.compose(v -> handleMessage(value, (JsonObject) message));
        }
        for (Object status : value.getJsonArray("statuses", new JsonArray())) {
          chain = chain.compose(v -> handleStatus((JsonObject) status));
        }
      }
    }
    return chain.compose(v -> finish(id, "DONE", null))
        .recover(err -> {
          boolean last = row.getInteger("attempts") >= MAX_ATTEMPTS;
          if (last) {
            LOG.error("WhatsApp delivery {} failed {} times and is set aside: {}", id, MAX_ATTEMPTS,
                err.getMessage());
          } else {
            LOG.warn("WhatsApp delivery {} failed (attempt {}), will be retried: {}", id,
                row.getInteger("attempts"), err.getMessage());
          }
          return pool.preparedQuery("UPDATE whatsapp_inbox SET status = $2, last_error = $3, "
                  + "next_attempt_at = now() + make_interval(secs => $4) WHERE id = $1")
              .execute(Tuple.of(id, last ? "FAILED" : "PENDING", String.valueOf(err.getMessage()),
                  (long) Math.pow(2, row.getInteger("attempts"))))
              .mapEmpty();
        });
  }

  /** A handled delivery keeps no personal data: its sealed body is dropped. */
  private Future<Void> finish(long id, String status, String error) {
    return pool.preparedQuery("UPDATE whatsapp_inbox SET status = $2, last_error = $3, handled_at = now(), "
            + "sealed_body = CASE WHEN $2 = 'DONE' THEN NULL ELSE sealed_body END WHERE id = $1")
        .execute(Tuple.of(id, status, error)).mapEmpty();
  }

  private Future<Void> handleMessage(JsonObject value, JsonObject message) {
    String wamid = message.getString("id");
    String from = message.getString("from");
    if (wamid == null || from == null) {
      LOG.warn("A WhatsApp message without id or sender was ignored");
      return Future.succeededFuture();
    }
    String phoneHash = keys.phoneHash(from);
    return pool.preparedQuery("SELECT 1 FROM whatsapp_inbound WHERE wamid = $1").execute(Tuple.of(wamid))
        .compose(seen -> {
          if (seen.size() > 0) {
            return Future.succeededFuture();
          }
          return pool.preparedQuery("INSERT INTO whatsapp_contact (phone_hash, last_inbound_at) VALUES ($1, now()) "
                  + "ON CONFLICT (phone_hash) DO UPDATE SET last_inbound_at = now()").execute(Tuple.of(phoneHash))
              .compose(v -> route(value, message, wamid, from, phoneHash));
        });
  }

  private Future<Void> route(JsonObject value, JsonObject message, String wamid, String from, String phoneHash) {
    String type = message.getString("type", "unsupported");
    if ("text".equals(type)) {
      String text = message.getJsonObject("text", new JsonObject()).getString("body", "");
      if (text.isBlank() || CleanText.problem(text) != null) {
        return unsupported(wamid, from, phoneHash);
      }
      if (TRACKING_NUMBER.matcher(text.trim()).matches()) {
        return status(wamid, from, text.trim().toUpperCase(java.util.Locale.ROOT));
      }
      return text(value, wamid, from, phoneHash, text);
    }
    String choice = null;
    if ("interactive".equals(type)) {
      JsonObject interactive = message.getJsonObject("interactive", new JsonObject());
      JsonObject reply = interactive.getJsonObject("button_reply", interactive.getJsonObject("list_reply"));
      choice = reply == null ? null : reply.getString("id");
    } else if ("button".equals(type)) {
      choice = message.getJsonObject("button", new JsonObject()).getString("payload");
    }
    if (choice != null && choice.startsWith(WhatsAppText.TRACK_ID)) {
      return status(wamid, from, choice.substring(WhatsAppText.TRACK_ID.length()));
    }
    if (WhatsAppText.NEW_ID.equals(choice)) {
      // the next text starts a new request, even while another one is open
      return reply(wamid, from, NO_REQUEST, WhatsAppText.NEW_REQUEST, Map.of(),
          "UPDATE whatsapp_contact SET number = NULL, citizen_id = NULL WHERE phone_hash = $1", phoneHash);
    }
    return unsupported(wamid, from, phoneHash);
  }

  private Future<Void> text(JsonObject value, String wamid, String from, String phoneHash, String text) {
    return pool.preparedQuery("SELECT c.number FROM whatsapp_contact c JOIN request_view v ON v.number = c.number "
            + "WHERE c.phone_hash = $1 AND NOT v.spam AND v.status IN " + Status.OPEN_SQL)
        .execute(Tuple.of(phoneHash))
        .compose(open -> {
          Actor citizen = new Actor("whatsapp", Role.CITIZEN);
          if (open.size() > 0) {
            String number = open.iterator().next().getString("number");
            return send(new AddCitizenMessage(number, text, citizen, Channel.WHATSAPP), wamid, phoneHash);
          }
          return addressee().compose(addressee -> send(new SubmitRequest(Kind.MESSAGE, Priority.NORMAL,
              Category.OTHER, addressee, personalData(value, from, text), accessCode(), "sq", null, citizen,
              Channel.WHATSAPP, null), wamid, phoneHash));
        });
  }

  private Future<Void> send(Object command, String wamid, String phoneHash) {
    return commands.send(WhatsAppReceipts.tagged((al.tirana.councilline.request.RequestCommand) command, wamid,
            phoneHash))
        .<Void>mapEmpty()
        .recover(err -> {
          if (isDuplicate(err)) {
            return Future.succeededFuture(); // handled at the same time by another node: its commit counts
          }
          if (err instanceof ApiException api && api.status() < 500) {
            // a rule refused it (the request closed meanwhile, the default addressee is inactive): retrying
            // cannot help, and the citizen is not left without an answer
            LOG.error("A WhatsApp message could not be recorded: {} {}", api.code(), api.getMessage());
            return Future.succeededFuture();
          }
          return Future.failedFuture(err);
        });
  }

  private static boolean isDuplicate(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  private Future<Void> status(String wamid, String from, String number) {
    return reply(wamid, from, number, WhatsAppText.STATUS, Map.of("asked", number), null, null);
  }

  /** Said once a day at most, however many stickers follow. */
  private Future<Void> unsupported(String wamid, String from, String phoneHash) {
    return pool.preparedQuery("UPDATE whatsapp_contact SET unsupported_explained_at = now() WHERE phone_hash = $1 "
            + "AND (unsupported_explained_at IS NULL OR unsupported_explained_at < now() - interval '24 hours') "
            + "RETURNING phone_hash").execute(Tuple.of(phoneHash))
        .compose(rows -> rows.size() > 0
            ? reply(wamid, from, NO_REQUEST, WhatsAppText.UNSUPPORTED, Map.of(), null, null)
            : record(wamid, null));
  }

  private Future<Void> record(String wamid, String number) {
    return pool.preparedQuery("INSERT INTO whatsapp_inbound (wamid, number) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .execute(Tuple.of(wamid, number)).mapEmpty();
  }

  /**
   * A reply that belongs to no event, queued in one transaction with the message's id (and an optional change of
   * the contact row), so a second delivery of the message sends nothing. The phone number travels sealed.
   */
  private Future<Void> reply(String wamid, String from, String number, WhatsAppText text, Map<String, Object> payload,
                             String contactChange, String phoneHash) {
    return pool.withTransaction(connection -> connection
        .preparedQuery("INSERT INTO whatsapp_inbound (wamid, number) VALUES ($1, $2) ON CONFLICT DO NOTHING "
            + "RETURNING wamid").execute(Tuple.of(wamid, number))
        .compose(inserted -> inserted.size() == 0 ? Future.succeededFuture()
            : enqueue(connection, wamid, from, number, text, payload)
                .compose(v -> contactChange == null ? Future.succeededFuture()
                    : connection.preparedQuery(contactChange).execute(Tuple.of(phoneHash)).mapEmpty())))
        .mapEmpty();
  }

  private Future<Void> enqueue(SqlConnection connection, String wamid, String from, String number,
                               WhatsAppText text, Map<String, Object> payload) {
    return connection.preparedQuery("INSERT INTO mail_outbox (dedupe_key, template, number, recipient, language, "
            + "payload, channel, reply_to) VALUES ($1, $2, $3, $4, 'sq', $5, 'WHATSAPP', $6) "
            + "ON CONFLICT (dedupe_key) DO NOTHING")
        .execute(Tuple.of("reply:" + wamid + ":whatsapp:" + text, text.name(), number,
            "whatsapp:sealed:" + keys.sealPhone(from), new JsonObject(payload), wamid))
        .mapEmpty();
  }

  /** WHATSAPP_DEFAULT_ADDRESSEE names a commission or a counselor by id. */
  private Future<Addressee> addressee() {
    String id = config.whatsappDefaultAddressee().orElseThrow(() -> new IllegalStateException(
        "WHATSAPP_DEFAULT_ADDRESSEE is not set"));
    return pool.preparedQuery("SELECT 'COMMISSION' FROM directory_commission WHERE id = $1 "
            + "UNION ALL SELECT 'COUNSELOR' FROM directory_counselor WHERE id = $1").execute(Tuple.of(id))
        .map(rows -> {
          if (rows.size() == 0) {
            throw ApiException.unprocessable("UNKNOWN_ADDRESSEE", "WHATSAPP_DEFAULT_ADDRESSEE " + id
                + " is neither a commission nor a counselor");
          }
          return new Addressee(Addressee.Type.valueOf(rows.iterator().next().getString(0)), id);
        });
  }

  /**
   * The profile name's first word is the first name, the rest the last name; what the profile does not give is left
   * out (null), as an Open311 client may leave it out, so the replies greet without a name rather than "—".
   */
  private static PersonalData personalData(JsonObject value, String from, String text) {
    String name = null;
    for (Object contact : value.getJsonArray("contacts", new JsonArray())) {
      JsonObject c = (JsonObject) contact;
      if (from.equals(c.getString("wa_id"))) {
        name = c.getJsonObject("profile", new JsonObject()).getString("name");
      }
    }
    String[] parts = name == null || name.isBlank() || CleanText.problem(name) != null ? new String[0]
        : name.trim().split("\\s+", 2);
    String firstName = parts.length > 0 ? parts[0] : null;
    String lastName = parts.length > 1 ? parts[1] : null;
    String firstLine = text.strip().lines().findFirst().orElse("").strip();
    String subject = firstLine.length() > 120 ? firstLine.substring(0, 120) : firstLine;
    return new PersonalData(firstName, lastName, null, null, from, subject, text);
  }

  private static String accessCode() {
    StringBuilder code = new StringBuilder(12);
    for (int i = 0; i < 12; i++) {
      code.append(CODE_ALPHABET.charAt(RANDOM.nextInt(CODE_ALPHABET.length())));
    }
    return code.toString();
  }

  /**
   * A status from Graph about a message sent: the delivery state only moves forward (sent, delivered, read; failed
   * ends it), so a late "delivered" never replaces "read". It creates nothing.
   */
  private Future<Void> handleStatus(JsonObject status) {
    String id = status.getString("id");
    String state = status.getString("status");
    int rank = rank(state);
    if (id == null || rank == 0) {
      return Future.succeededFuture();
    }
    JsonArray errors = status.getJsonArray("errors", new JsonArray());
    JsonObject error = errors.isEmpty() ? null : errors.getJsonObject(0);
    return pool.preparedQuery("UPDATE mail_outbox SET delivery_state = $2, "
            + "error_code = COALESCE($3, error_code), last_error = COALESCE($4, last_error) "
            + "WHERE channel = 'WHATSAPP' AND provider_message_id = $1 AND (CASE delivery_state WHEN 'sent' THEN 1 "
            + "WHEN 'delivered' THEN 2 WHEN 'read' THEN 3 WHEN 'failed' THEN 4 ELSE 0 END) < $5")
        .execute(Tuple.of(id, state, error == null ? null : error.getInteger("code"),
            error == null ? null : error.getString("title", error.getString("message")), rank))
        .mapEmpty();
  }

  private static int rank(String state) {
    return switch (state == null ? "" : state) {
      case "sent" -> 1;
      case "delivered" -> 2;
      case "read" -> 3;
      case "failed" -> 4;
      default -> 0;
    };
  }
}
