package al.tirana.councilline.stats;

import static al.tirana.councilline.platform.sql.TextColumns.iso;
import static al.tirana.councilline.platform.sql.TextColumns.text;

import al.tirana.councilline.platform.json.IsoInstants;
import al.tirana.councilline.platform.sql.Sql;
import al.tirana.councilline.platform.sql.TextColumns;
import al.tirana.councilline.directory.DirectoryNames;
import al.tirana.councilline.shared.Addressee;
import al.tirana.councilline.request.RequestEvent;
import al.tirana.councilline.request.RequestEvent.CitizenRatedResponse;
import al.tirana.councilline.request.RequestEvent.PriorityChanged;
import al.tirana.councilline.request.RequestEvent.RequestAssigned;
import al.tirana.councilline.request.RequestEvent.RequestReassigned;
import al.tirana.councilline.request.RequestEvent.RequestSubmitted;
import al.tirana.councilline.request.RequestEvent.SlaClockStarted;
import al.tirana.councilline.request.RequestEvent.SuccessStoryPublished;
import al.tirana.councilline.request.RequestRows;
import al.tirana.councilline.shared.Status;
import al.tirana.councilline.request.TimelineEntry;
import java.time.Instant;
import java.util.function.UnaryOperator;

/**
 * One processor batch of the statistics projection, applied in memory like the inbox's: the rows of every request
 * in the batch are read in one query and written back with one upsert just before the commit. Success stories are
 * rare and keep their own statements.
 */
final class StatsBatch {

  private static final String READ = "SELECT number, kind, category, priority, addressee_type, addressee_id, "
      + "addressee_name, counselor_id, commission_id, administrative_unit::text, channel, status, "
      + iso("submitted_at") + ", " + iso("due_at") + ", " + iso("first_response_at") + ", " + iso("resolved_at")
      + ", on_time::text, satisfaction::text, spam::text FROM stats_request WHERE number = ANY(?)";
  private static final String UPSERT = TextColumns.upsert("stats_request", "number", "kind", "category", "priority",
      "addressee_type", "addressee_id", "addressee_name", "counselor_id", "commission_id",
      "administrative_unit::integer", "channel", "status", "submitted_at::timestamptz", "due_at::timestamptz",
      "first_response_at::timestamptz", "resolved_at::timestamptz", "on_time::boolean", "satisfaction::integer",
      "spam::boolean");

  /** A stats_request row, every column as text (as READ gives it and UPSERT takes it). */
  record StatsRow(String number, String kind, String category, String priority, String addresseeType,
                  String addresseeId, String addresseeName, String counselorId, String commissionId, String unit,
                  String channel, String status, String submittedAt, String dueAt, String firstResponseAt,
                  String resolvedAt, String onTime, String satisfaction, String spam)
      implements RequestRows.Row {

    static StatsRow of(String[] c) {
      return new StatsRow(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10], c[11], c[12], c[13],
          c[14], c[15], c[16], c[17], c[18]);
    }

    @Override
    public String[] columns() {
      return new String[] {number, kind, category, priority, addresseeType, addresseeId, addresseeName, counselorId,
          commissionId, unit, channel, status, submittedAt, dueAt, firstResponseAt, resolvedAt,
          onTime, satisfaction, spam};
    }

    StatsRow withStatus(Status newStatus) {
      return new StatsRow(number, kind, category, priority, addresseeType, addresseeId, addresseeName, counselorId,
          commissionId, unit, channel, newStatus.name(), submittedAt, dueAt, firstResponseAt, resolvedAt, onTime,
          satisfaction, spam);
    }

    /** A counselor or commission the request was assigned to; the other one is kept. */
    StatsRow responsible(Addressee who) {
      return new StatsRow(number, kind, category, priority, addresseeType, addresseeId, addresseeName,
          who.type() == Addressee.Type.COUNSELOR ? who.id() : counselorId,
          who.type() == Addressee.Type.COUNSELOR ? commissionId : who.id(), unit, channel, status, submittedAt,
          dueAt, firstResponseAt, resolvedAt, onTime, satisfaction, spam);
    }

    /** A replayed duplicate only re-asserts the status and the responsible party. */
    StatsRow submittedAgain(String counselor, String commission) {
      return new StatsRow(number, kind, category, priority, addresseeType, addresseeId, addresseeName,
          counselor != null ? counselor : counselorId, commission != null ? commission : commissionId, unit, channel,
          Status.SUBMITTED.name(), submittedAt, dueAt, firstResponseAt, resolvedAt, onTime, satisfaction, spam);
    }

    StatsRow withPriority(String newPriority, String newDueAt) {
      return new StatsRow(number, kind, category, newPriority, addresseeType, addresseeId, addresseeName,
          counselorId, commissionId, unit, channel, status, submittedAt, newDueAt, firstResponseAt, resolvedAt,
          onTime, satisfaction, spam);
    }

    StatsRow withDueAt(String newDueAt) {
      return new StatsRow(number, kind, category, priority, addresseeType, addresseeId, addresseeName, counselorId,
          commissionId, unit, channel, status, submittedAt, newDueAt, firstResponseAt, resolvedAt, onTime,
          satisfaction, spam);
    }

    /** The first response, on time unless it came after the due time. */
    StatsRow firstResponse(Instant at) {
      return new StatsRow(number, kind, category, priority, addresseeType, addresseeId, addresseeName, counselorId,
          commissionId, unit, channel, status, submittedAt, dueAt, text(at), resolvedAt,
          String.valueOf(!TextColumns.micros(at).isAfter(IsoInstants.parse(dueAt))), satisfaction, spam);
    }

    StatsRow withResolvedAt(String at) {
      return new StatsRow(number, kind, category, priority, addresseeType, addresseeId, addresseeName, counselorId,
          commissionId, unit, channel, status, submittedAt, dueAt, firstResponseAt, at, onTime, satisfaction, spam);
    }

    StatsRow withSatisfaction(int score) {
      return new StatsRow(number, kind, category, priority, addresseeType, addresseeId, addresseeName, counselorId,
          commissionId, unit, channel, status, submittedAt, dueAt, firstResponseAt, resolvedAt, onTime,
          String.valueOf(score), spam);
    }

    StatsRow asSpam() {
      return new StatsRow(number, kind, category, priority, addresseeType, addresseeId, addresseeName, counselorId,
          commissionId, unit, channel, status, submittedAt, dueAt, firstResponseAt, resolvedAt, onTime, satisfaction,
          "true");
    }
  }

  /** Rows as the batch's events so far leave them; a missing row means no submission seen. */
  private final RequestRows<StatsRow> rows;
  private final Sql sql;
  private final DirectoryNames names;

  private StatsBatch(RequestRows<StatsRow> rows, Sql sql, DirectoryNames names) {
    this.rows = rows;
    this.sql = sql;
    this.names = names;
  }

  static StatsBatch read(Sql sql, DirectoryNames names) {
    return new StatsBatch(RequestRows.read(sql, READ, StatsRow::of), sql, names);
  }

  /**
   * Applies the event to its request's row and returns the row as it leaves it (null: its submission was not seen).
   * Every event type is named here, so a new one must be placed before the code compiles.
   */
  StatsRow apply(RequestEvent event) {
    return switch (RequestEvent.Type.of(event)) {
      case REQUEST_SUBMITTED -> submitted((RequestSubmitted) event);
      case REQUEST_ASSIGNED -> changed(event, row -> row.responsible(((RequestAssigned) event).assignee()));
      case REQUEST_REASSIGNED -> changed(event, row -> row.responsible(((RequestReassigned) event).to()));
      case PRIORITY_CHANGED -> changed(event, row -> row.withPriority(text(((PriorityChanged) event).to()),
          text(((PriorityChanged) event).dueAt())));
      case REQUEST_RESPONDED -> changed(event, row -> row.firstResponseAt() == null ? row.firstResponse(event.at()) : row);
      case REQUEST_RESOLVED -> changed(event, row -> row.withResolvedAt(text(event.at())));
      case REQUEST_REOPENED -> changed(event, row -> row.withResolvedAt(null));
      case SLA_CLOCK_STARTED -> changed(event, row -> row.withDueAt(text(((SlaClockStarted) event).dueAt())));
      case CITIZEN_RATED_RESPONSE -> changed(event, row -> row.withSatisfaction(((CitizenRatedResponse) event).score()));
      case SUCCESS_STORY_PUBLISHED -> changed(event, row -> storyPublished(row, (SuccessStoryPublished) event));
      case SUCCESS_STORY_WITHDRAWN -> changed(event, this::storyWithdrawn);
      case REQUEST_MARKED_AS_SPAM -> changed(event, row -> storyWithdrawn(row).asSpam());
      case REQUEST_ACKNOWLEDGED, REQUEST_REFERRED_TO_DEPARTMENT, CITIZEN_INVITED_TO_MEETING, INTERNAL_NOTE_ADDED,
          REQUEST_CLOSED, REQUEST_REJECTED, REQUEST_WITHDRAWN, SLA_WARNING_ISSUED, SLA_BREACHED, BREACH_ESCALATED,
          CITIZEN_INFORMATION_REQUESTED, CITIZEN_ANSWERED, SLA_CLOCK_RESUMED, DEADLINE_EXTENDED,
          PERSONAL_DATA_ERASED,
          CITIZEN_MESSAGE_ADDED, ACCESS_CODE_REISSUED -> changed(event, row -> row);
    };
  }

  /** The event's own change, then the status it leads to; a request whose submission was not seen is left. */
  private StatsRow changed(RequestEvent event, UnaryOperator<StatsRow> own) {
    StatsRow row = rows.get(event.number());
    if (row == null) {
      return null;
    }
    row = own.apply(row);
    Status status = TimelineEntry.of(event, a -> a.id()).status();
    row = status == null ? row : row.withStatus(status);
    rows.put(row);
    return row;
  }

  private StatsRow storyPublished(StatsRow row, SuccessStoryPublished e) {
    sql.write(e.number(), "INSERT INTO success_story (number, title, summary, category, published_at) "
        + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (number) DO UPDATE SET title = EXCLUDED.title, "
        + "summary = EXCLUDED.summary, published_at = EXCLUDED.published_at",
        e.number(), e.title(), e.summary(), row.category(), e.at());
    return row;
  }

  /** A story comes down when consent is withdrawn, and with a spam mark. */
  private StatsRow storyWithdrawn(StatsRow row) {
    sql.write(row.number(), "DELETE FROM success_story WHERE number = ?", row.number());
    return row;
  }

  private StatsRow submitted(RequestSubmitted e) {
    boolean counselor = e.addressee().type() == Addressee.Type.COUNSELOR;
    String counselorId = counselor ? e.addressee().id() : null;
    String commissionId = counselor ? null : e.addressee().id();
    StatsRow existing = rows.get(e.number());
    StatsRow row = existing != null ? existing.submittedAgain(counselorId, commissionId)
        : new StatsRow(e.number(), text(e.kind()), text(e.category()), text(e.priority()),
            text(e.addressee().type()), e.addressee().id(), names.describe(e.addressee()), counselorId, commissionId,
            text(e.administrativeUnit()), text(e.channel()), Status.SUBMITTED.name(), text(e.at()), text(e.dueAt()),
            null, null, null, null, "false");
    rows.put(row);
    return row;
  }

  void write(Sql sql) {
    rows.upsert(sql, UPSERT);
  }
}
