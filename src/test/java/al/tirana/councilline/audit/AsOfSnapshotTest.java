package al.tirana.councilline.audit;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.request.RequestEvent;
import al.tirana.councilline.support.Await;
import al.tirana.councilline.support.StartedApp;
import al.tirana.councilline.support.TestApp;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventhandling.DomainEventMessage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@StartedApp
@DisplayName("The as-of view going on from a stored snapshot of an earlier fold")
class AsOfSnapshotTest {

  @StartedApp.Node
  private static TestApp app;
  @StartedApp.Admin
  private static String admin;

  @Test
  @DisplayName("answers, as of instants before, at, between and after its snapshots, exactly what folding every "
      + "event answers, and reads the snapshot to do so")
  void sameAsTheFullFold() throws Exception {
    Request request = Request.submitted("snapshot");
    String auditor = request.auditor();
    String number = request.number();
    ok(app.post("/api/requests/" + number + "/assign", admin,
        new JsonObject().put("commissionId", request.commission())));
    notes(number, AsOf.SNAPSHOT_EVERY + 20);
    sameView(number, auditor, null);
    Await.until("the first snapshot is stored", () -> snapshots(number) == 1);
    notes(number, AsOf.SNAPSHOT_EVERY + 30);
    sameView(number, auditor, null);
    Await.until("the second snapshot is stored", () -> snapshots(number) == 2);
    notes(number, 10);

    List<Instant> covered = coversUntil(number);
    List<DomainEventMessage<?>> stored = stored(number);
    Instant first = stored.get(0).getTimestamp();
    Instant between = stored.get((int) (AsOf.SNAPSHOT_EVERY * 1.5)).getTimestamp();
    assertThat(between).isAfter(covered.get(0)).isBefore(covered.get(1));
    for (Instant instant : List.of(first.minusSeconds(1), first, covered.get(0).minus(1, ChronoUnit.MICROS),
        covered.get(0), between, covered.get(1), Instant.now().plusSeconds(1))) {
      sameView(number, auditor, instant);
    }

    // an answer that went on from the snapshot shows what the snapshot holds: this one is altered on purpose
    try (Connection c = app.jdbc(); PreparedStatement ps = c.prepareStatement("UPDATE asof_snapshot SET timeline = "
        + "replace(timeline, 'Internal note', 'Altered note') WHERE aggregate_identifier = ?")) {
      ps.setString(1, number);
      ps.executeUpdate();
    }
    String fromSnapshot = app.get("/api/audit/requests/" + number, auditor).bodyAsString();
    assertThat(fromSnapshot).contains("Altered note");
  }

  @Test
  @DisplayName("after the citizen's erasure shows what the full fold shows; its snapshots hold no personal data")
  void erasure() throws Exception {
    Request request = Request.withSnapshot("erasure");
    String number = request.number();

    HttpResponse<Buffer> erased = app.post("/api/admin/citizens/erase", admin,
        new JsonObject().put("number", number).put("accessCode", request.accessCode()));
    assertThat(erased.statusCode()).as(erased.bodyAsString()).isEqualTo(200);
    String after = sameView(number, request.auditor(), null);
    assertThat(after).contains("PersonalDataErased");
    sameView(number, request.auditor(), Instant.now().plusSeconds(1));

    JsonObject citizen = TestApp.submission("COMMISSION", request.commission()).getJsonObject("citizen");
    try (Connection c = app.jdbc(); PreparedStatement ps = c.prepareStatement("SELECT facts || timeline "
        + "FROM asof_snapshot WHERE aggregate_identifier = ?")) {
      ps.setString(1, number);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        String text = rs.getString(1);
        assertThat(text).contains(number)
            .doesNotContain(citizen.getString("firstName"), citizen.getString("lastName"),
                citizen.getString("email"), citizen.getString("phone"), "Youth centre", "youth centre");
      }
    }
  }

  @Test
  @DisplayName("stores one snapshot however many calls fold the same events at once")
  void concurrentCallsStoreOne() throws Exception {
    Request request = Request.submitted("together");
    String auditor = request.auditor();
    String number = request.number();
    notes(number, AsOf.SNAPSHOT_EVERY + 5);
    Instant instant = Instant.now().plusSeconds(1);
    List<Future<HttpResponse<Buffer>>> calls = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      calls.add(app.client().get("/api/audit/requests/" + number + "?asOf=" + instant)
          .bearerTokenAuthentication(auditor).send());
    }
    Future.all(calls).await();
    Await.until("a snapshot is stored", () -> snapshots(number) >= 1);
    String expected = expected(number, instant);
    for (Future<HttpResponse<Buffer>> call : calls) {
      assertThat(call.result().bodyAsString()).isEqualTo(expected);
    }
    sameView(number, auditor, instant);
    assertThat(snapshots(number)).isEqualTo(1);
  }

  @Test
  @DisplayName("keeps one snapshot per hundred events at most as the instant sweeps back; answers as the full fold")
  void backwardsSweepStoresOnePerBlock() throws Exception {
    Request request = Request.submitted("sweep");
    String number = request.number();
    notes(number, 3 * AsOf.SNAPSHOT_EVERY + 40);
    List<DomainEventMessage<?>> stored = stored(number);
    int events = stored.size();
    // the audit page's slider dragged from the last event back to the first
    for (int i = events - 1; i >= 0; i -= 9) {
      sameView(number, request.auditor(), stored.get(i).getTimestamp());
    }
    Await.until("a snapshot at each block's last event", () -> snapshots(number) == events / AsOf.SNAPSHOT_EVERY);
    sameView(number, request.auditor(), stored.get(events - 1).getTimestamp());
    sameView(number, request.auditor(), stored.get(AsOf.SNAPSHOT_EVERY + 1).getTimestamp());
    assertThat(app.count("SELECT count(*) FROM asof_snapshot WHERE aggregate_identifier = ? "
        + "AND last_sequence % 100 = 99", number)).isEqualTo(snapshots(number)).isEqualTo(events / 100);
  }

  @Test
  @DisplayName("answers as the full fold when a stored snapshot cannot be read, and replaces it with one that reads")
  void unreadableSnapshot() throws Exception {
    Request request = Request.withSnapshot("damaged");
    String number = request.number();
    for (String damage : List.of("facts = left(facts, 12)", "facts = '[1, 2]'", "timeline = 'no timeline'",
        "status = 'NOT_A_STATUS'")) {
      try (Connection c = app.jdbc(); PreparedStatement ps = c.prepareStatement("UPDATE asof_snapshot SET " + damage
          + ", entries = entries + 1000000 WHERE aggregate_identifier = ?")) {
        ps.setString(1, number);
        assertThat(ps.executeUpdate()).isEqualTo(1);
      }
      sameView(number, request.auditor(), null);
      // the damaged row (marked by its entries) is deleted and the fold stores the snapshot as it should read
      Await.until("the damaged snapshot replaced (" + damage + ")", () -> app.count("SELECT count(*) "
          + "FROM asof_snapshot WHERE aggregate_identifier = ? AND entries < 1000000", number) == 1);
      assertThat(snapshots(number)).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("answers as the full fold when the snapshots cannot be read at all")
  void snapshotsUnreadable() throws Exception {
    Request request = Request.withSnapshot("unread");
    // the snapshot altered where it is stored (still readable text): an answer that read it would differ
    sql("UPDATE asof_snapshot SET timeline = replace(timeline, 'Internal note', 'Altered note') "
        + "WHERE aggregate_identifier = '" + request.number() + "'");
    sql("ALTER TABLE asof_snapshot RENAME TO asof_snapshot_away");
    try {
      assertThat(sameView(request.number(), request.auditor(), null)).doesNotContain("Altered note");
    } finally {
      sql("ALTER TABLE asof_snapshot_away RENAME TO asof_snapshot");
    }
  }

  private static void sql(String statement) throws Exception {
    try (Connection c = app.jdbc(); Statement st = c.createStatement()) {
      st.executeUpdate(statement);
    }
  }

  /** A request submitted to a commission of its own, and an auditor of its own to read it. */
  private record Request(String auditor, String commission, String number, String accessCode) {

    static Request submitted(String name) {
      String commission = app.createCommission(admin, "Commission " + name);
      JsonObject submitted = app.submit(TestApp.submission("COMMISSION", commission));
      return new Request(app.createUser(admin, "auditor." + name, "AUDITOR", null), commission,
          submitted.getString("number"), submitted.getString("accessCode"));
    }

    /** Brought past its first block of events and read as of now, which stores the snapshot of that block. */
    static Request withSnapshot(String name) throws Exception {
      Request request = submitted(name);
      notes(request.number(), AsOf.SNAPSHOT_EVERY + 5);
      sameView(request.number(), request.auditor(), null);
      Await.until("the snapshot is stored", () -> snapshots(request.number()) == 1);
      return request;
    }
  }

  /** The view as the route answers it, asserted equal to the fold of every event up to the instant (null: now). */
  private static String sameView(String number, String auditor, Instant instant) throws Exception {
    HttpResponse<Buffer> response = app.get("/api/audit/requests/" + number
        + (instant == null ? "" : "?asOf=" + instant), auditor);
    String body = response.bodyAsString();
    if (instant == null) {
      assertThat(response.statusCode()).as(body).isEqualTo(200);
    }
    Instant asOf = instant == null ? Instant.parse(new JsonObject(body).getString("asOf")) : instant;
    String expected = expected(number, asOf);
    if (expected == null) {
      assertThat(response.statusCode()).as(body).isEqualTo(404);
    } else {
      assertThat(response.statusCode()).as(body).isEqualTo(200);
      assertThat(body).as("as of " + asOf).isEqualTo(expected);
    }
    return body;
  }

  /** The request's events as Axon's event store reads them, through the upcasters. */
  private static List<DomainEventMessage<?>> stored(String number) {
    return new ArrayList<>(app.app().axon().eventStore().readEvents(number).asStream().toList());
  }

  /** Every event up to the instant as Axon's event store reads them, folded from the first: null when none. */
  private static String expected(String number, Instant instant) throws Exception {
    List<DomainEventMessage<?>> upToThen = stored(number).stream().filter(e -> !e.getTimestamp().isAfter(instant))
        .toList();
    if (upToThen.isEmpty()) {
      return null;
    }
    long[] positions = new long[upToThen.size()];
    try (Connection c = app.jdbc(); PreparedStatement ps = c.prepareStatement("SELECT global_index "
        + "FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = ?")) {
      for (int i = 0; i < positions.length; i++) {
        ps.setString(1, number);
        ps.setLong(2, upToThen.get(i).getSequenceNumber());
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          positions[i] = rs.getLong(1);
        }
      }
    }
    return AsOf.render(number, instant.toString(), positions,
        upToThen.stream().map(e -> (RequestEvent) e.getPayload()).toArray(RequestEvent[]::new));
  }

  /** Internal notes stored as the current revision stores them, straight into the event store to keep this quick. */
  private static void notes(String number, int count) throws Exception {
    long next = UpcasterTest.nextSequence(app, number);
    for (int i = 0; i < count; i++) {
      UpcasterTest.store(app, number, next + i, RequestEvent.InternalNoteAdded.class, "1", new JsonObject()
          .put("number", number).put("text", "Step " + (next + i))
          .put("by", new JsonObject().put("id", "desk.snapshot").put("role", "STAFF"))
          .put("at", Instant.now().toString()).put("channel", "WEB").encode());
    }
  }

  private static long snapshots(String number) throws Exception {
    return app.count("SELECT count(*) FROM asof_snapshot WHERE aggregate_identifier = ?", number);
  }

  private static List<Instant> coversUntil(String number) throws Exception {
    List<Instant> instants = new ArrayList<>();
    try (Connection c = app.jdbc(); PreparedStatement ps = c.prepareStatement("SELECT covers_until "
        + "FROM asof_snapshot WHERE aggregate_identifier = ? ORDER BY last_sequence")) {
      ps.setString(1, number);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          instants.add(rs.getObject(1, java.time.OffsetDateTime.class).toInstant());
        }
      }
    }
    return instants;
  }

  private static void ok(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
  }
}
