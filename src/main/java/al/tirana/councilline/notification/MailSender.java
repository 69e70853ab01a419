package al.tirana.councilline.notification;

import al.tirana.councilline.platform.config.Config;
import al.tirana.councilline.platform.db.OutageLog;
import al.tirana.councilline.platform.db.PollingWorker;
import al.tirana.councilline.request.CitizenDataVault;
import al.tirana.councilline.request.PersonalData;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what the outbox holds. Rows are claimed with SKIP LOCKED and a lease, so several nodes share the work and
 * a row abandoned by a crashed node is taken up again once its lease expires. Failures are retried with
 * exponential backoff and end as FAILED, visible at /api/admin/outbox. Without SMTP, mails are kept as LOGGED.
 */
public final class MailSender extends PollingWorker {

  private static final Logger LOG = LoggerFactory.getLogger(MailSender.class);
  /** Mails claimed per round; a full round that delivered any is followed at once by the next. */
  static final int ROUND = 20;
  /** How often, at most, a node says how many mails it kept for want of SMTP while it drains a backlog. */
  private static final long KEPT_LOG_NANOS = 10_000_000_000L;
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(Config.ZONE);

  private final Config config;
  private final Pool pool;
  private final CitizenDataVault vault;
  private MailClient mail;
  private long keptUnlogged;
  private long keptLoggedAt = System.nanoTime() - KEPT_LOG_NANOS;

  public MailSender(Config config, Pool pool, CitizenDataVault vault) {
    super(1_000, new OutageLog(LOG, "The mail round"));
    this.config = config;
    this.pool = pool;
    this.vault = vault;
  }

  @Override
  protected Future<?> begin() {
    config.smtpHost().ifPresent(host -> mail = MailClient.create(vertx, mailConfig(host)));
    if (mail == null) {
      LOG.warn("No SMTP_HOST set: mails are kept in the outbox (status LOGGED) and listed at /api/admin/outbox");
    }
    return Future.succeededFuture();
  }

  @Override
  protected Future<?> end() {
    return mail == null ? Future.succeededFuture() : mail.close();
  }

  private MailConfig mailConfig(String host) {
    MailConfig mailConfig = new MailConfig().setHostname(host).setPort(config.smtpPort());
    switch (config.smtpTls()) {
      case "tls" -> mailConfig.setSsl(true).setStarttls(StartTLSOptions.DISABLED);
      case "none" -> mailConfig.setStarttls(StartTLSOptions.DISABLED);
      default -> mailConfig.setStarttls(StartTLSOptions.REQUIRED);
    }
    if (config.smtpUser().isPresent()) {
      mailConfig.setLogin(LoginOption.REQUIRED).setUsername(config.smtpUser().get())
          .setPassword(config.smtpPassword().orElse(""));
    } else {
      mailConfig.setLogin(LoginOption.DISABLED);
    }
    return mailConfig;
  }

  /**
   * A backlog (after an outage, or a burst of assignments to a large commission) drains at the SMTP server's pace
   * instead of one round a second; a round whose mails all failed waits for the timer. The round's mails are sent
   * together and marked together, in one statement: a commit per mail cost more than the mail, and a crash before the
   * mark resends the round's mails with their Message-IDs, as a crash before any one mail's mark always did.
   */
  @Override
  protected Future<Boolean> round() {
    return Outbox.claimDue(pool, "EMAIL", ROUND)
        .compose(rows -> deliverEach(rows, this::deliver).compose(sent -> {
          List<Delivered> delivered = sent.stream().map(Future::result).flatMap(Optional::stream).toList();
          return markAll(delivered).map(marked -> {
            logKept((int) delivered.stream().filter(d -> d.status().equals("LOGGED")).count(),
                rows.size() == ROUND);
            return rows.size() == ROUND && !delivered.isEmpty();
          });
        }));
  }

  /** One line per ten seconds while a backlog drains, and one when it is done: a line per mail flooded the log. */
  private void logKept(int kept, boolean moreDue) {
    keptUnlogged += kept;
    long now = System.nanoTime();
    if (keptUnlogged > 0 && (!moreDue || now - keptLoggedAt >= KEPT_LOG_NANOS)) {
      LOG.info("{} mails kept in the outbox: no SMTP configured", keptUnlogged);
      keptUnlogged = 0;
      keptLoggedAt = now;
    }
  }

  /** What became of a mail that needs no retry: sent, kept (no SMTP) or skipped, with a note. */
  private record Delivered(long id, String status, String note) {
  }

  /** The mail sent, kept or skipped; empty when it failed and waits for a retry. */
  private Future<Optional<Delivered>> deliver(Row row) {
    long id = row.getLong("id");
    Template template = Template.valueOf(row.getString("template"));
    return message(row, template)
        .compose(message -> {
          if (message.isEmpty()) {
            return Future.succeededFuture(new Delivered(id, "SKIPPED",
                "the citizen has no e-mail address or was erased"));
          }
          if (mail == null) {
            LOG.debug("Mail {} ({} for {}) kept in the outbox: no SMTP configured", id, template,
                row.getString("number"));
            return Future.succeededFuture(new Delivered(id, "LOGGED", null));
          }
          // the one repeat a crash can cause (sent, not yet marked) carries the same Message-ID as the first
          // sending, so mail systems and readers recognise it as the same message
          message.get().setHeaders(MultiMap.caseInsensitiveMultiMap().add("Message-ID", messageId(id, row)));
          return mail.sendMail(message.get()).map(result -> new Delivered(id, "SENT", null));
        })
        .map(Optional::of)
        .recover(err -> retry(id, row.getInteger("attempts"), err).map(Optional.empty()));
  }

  /** One Message-ID per outbox row, on every attempt: {@code <outbox-<id>.<number>@<host of PUBLIC_URL>>}. */
  String messageId(long id, Row row) {
    String host = URI.create(config.publicUrl()).getHost();
    return "<outbox-" + id + "." + row.getString("number") + "@" + (host == null ? "councilline" : host) + ">";
  }

  private Future<Optional<MailMessage>> message(Row row, Template template) {
    String number = row.getString("number");
    JsonObject payload = row.getJsonObject("payload");
    return pool.preparedQuery("SELECT citizen_id, sealed_personal_data, language, due_at, category, priority "
            + "FROM request_view WHERE number = $1").execute(Tuple.of(number))
        .compose(rows -> {
          Row request = rows.iterator().next();
          Map<String, String> values = new HashMap<>();
          payload.forEach(entry -> values.put(entry.getKey(), String.valueOf(entry.getValue())));
          values.put("number", number);
          values.put("trackingUrl", config.publicUrl() + "/#/track/" + number);
          values.put("ratingUrl", config.publicUrl() + "/#/rate/" + number);
          values.put("dueAt", WHEN.format(request.getOffsetDateTime("due_at").toInstant()));
          values.put("category", request.getString("category"));
          values.put("priority", request.getString("priority"));
          String recipient = row.getString("recipient");
          if (!recipient.startsWith("citizen:")) {
            return Future.succeededFuture(Optional.of(mail(recipient, template, row.getString("language"), values)));
          }
          String citizenId = request.getUUID("citizen_id").toString();
          return vault.open(pool, citizenId, request.getString("sealed_personal_data")).compose(personal -> {
            Optional<PersonalData> data = personal.filter(p -> p.email() != null);
            if (data.isEmpty()) {
              return Future.succeededFuture(Optional.<MailMessage>empty());
            }
            values.put("firstName", data.get().firstName());
            Future<Optional<String>> code = payload.containsKey("accessCode")
                ? vault.openText(pool, citizenId, payload.getString("accessCode"))
                : Future.succeededFuture(Optional.empty());
            Future<Optional<String>> list = template == Template.RECOVERY
                ? recoveredRequests(payload.getString("recoveryId")) : Future.succeededFuture(Optional.empty());
            return Future.all(code, list).map(both -> {
              code.result().ifPresent(c -> values.put("accessCode", c));
              list.result().ifPresent(text -> values.put("requests", text));
              return Optional.of(mail(data.get().email(), template, request.getString("language"), values));
            });
          });
        });
  }

  /**
   * The lines of a recovery mail: each request with its new code and a link that opens it with the code (in the
   * address's fragment, which browsers do not send to any server). A request whose citizen was erased meanwhile is
   * left out: its sealed code went with the key.
   */
  private Future<Optional<String>> recoveredRequests(String recoveryId) {
    return pool.preparedQuery("SELECT number, citizen_id, sealed_code FROM recovery_item WHERE recovery_id = $1::uuid "
            + "ORDER BY number").execute(Tuple.of(recoveryId))
        .compose(rows -> {
          List<Future<String>> lines = new ArrayList<>();
          rows.forEach(item -> lines.add(vault.openText(pool, item.getUUID("citizen_id").toString(),
                  item.getString("sealed_code"))
              .map(code -> code.map(c -> "* " + item.getString("number") + ": " + c + "\n  " + config.publicUrl()
                  + "/#/track/" + item.getString("number") + "?code=" + c + "\n").orElse(""))));
          return Future.all(lines).map(all -> Optional.of(String.join("", all.<String>list())));
        });
  }

  private MailMessage mail(String to, Template template, String language, Map<String, String> values) {
    String[] rendered = template.render(language, values);
    return new MailMessage().setFrom(config.mailFrom()).setTo(to).setSubject(rendered[0]).setText(rendered[1]);
  }

  private Future<Void> markAll(List<Delivered> delivered) {
    if (delivered.isEmpty()) {
      return Future.succeededFuture();
    }
    Long[] ids = delivered.stream().map(Delivered::id).toArray(Long[]::new);
    String[] statuses = delivered.stream().map(Delivered::status).toArray(String[]::new);
    String[] notes = delivered.stream().map(Delivered::note).toArray(String[]::new);
    return pool.preparedQuery("UPDATE mail_outbox m SET status = d.status, last_error = d.note, "
            + "sent_at = CASE WHEN d.status = 'SENT' THEN now() ELSE m.sent_at END "
            + "FROM unnest($1::bigint[], $2::text[], $3::text[]) AS d (id, status, note) WHERE m.id = d.id")
        .execute(Tuple.of(ids, statuses, notes)).mapEmpty();
  }

  private Future<Void> retry(long id, int attempts, Throwable error) {
    boolean last = attempts >= config.mailMaxAttempts();
    LOG.warn("Mail {} failed (attempt {} of {}): {}", id, attempts, config.mailMaxAttempts(), error.getMessage());
    long backoffSeconds = (long) Math.pow(2, attempts - 1) * config.mailRetrySeconds();
    return pool.preparedQuery("UPDATE mail_outbox SET status = $2, last_error = $3, "
            + "next_attempt_at = now() + make_interval(secs => $4) WHERE id = $1")
        .execute(Tuple.of(id, last ? "FAILED" : "PENDING", String.valueOf(error.getMessage()), backoffSeconds))
        .mapEmpty();
  }
}
