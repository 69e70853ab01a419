package al.tirana.councilline.request;

import al.tirana.councilline.core.Json;
import al.tirana.councilline.request.RequestEvent.CitizenInvitedToMeeting;
import al.tirana.councilline.request.RequestEvent.InternalNoteAdded;
import al.tirana.councilline.request.RequestEvent.PriorityChanged;
import al.tirana.councilline.request.RequestEvent.RequestAcknowledged;
import al.tirana.councilline.request.RequestEvent.RequestAssigned;
import al.tirana.councilline.request.RequestEvent.RequestClosed;
import al.tirana.councilline.request.RequestEvent.RequestReassigned;
import al.tirana.councilline.request.RequestEvent.RequestReferredToDepartment;
import al.tirana.councilline.request.RequestEvent.RequestRejected;
import al.tirana.councilline.request.RequestEvent.RequestReopened;
import al.tirana.councilline.request.RequestEvent.RequestResolved;
import al.tirana.councilline.request.RequestEvent.RequestResponded;
import al.tirana.councilline.request.RequestEvent.RequestSubmitted;
import al.tirana.councilline.request.RequestEvent.RequestWithdrawn;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;

/**
 * request_view and request_timeline (projections/V2__request_view.sql). Runs inside the command's transaction:
 * the HTTP layer answers every command with this view, so it must already contain the command's effect.
 */
@ProcessingGroup(RequestViewProjection.NAME)
public final class RequestViewProjection {

  public static final String NAME = "request-view";
  private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE
      .withZone(al.tirana.councilline.core.Config.ZONE);

  private final ConnectionProvider connections;

  public RequestViewProjection(ConnectionProvider connections) {
    this.connections = connections;
  }

  @EventHandler
  void on(RequestSubmitted e, @SequenceNumber long seq) throws SQLException {
    Connection c = connections.getConnection();
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO request_view (number, status, kind, priority, category, addressee_type, addressee_id, channel, "
            + "administrative_unit, language, citizen_id, sealed_personal_data, access_code_hash, submitted_at, "
            + "due_at, last_activity_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::uuid, ?, ?, ?, ?, ?, ?)")) {
      int i = 0;
      ps.setString(++i, e.number());
      ps.setString(++i, Status.SUBMITTED.name());
      ps.setString(++i, e.kind().name());
      ps.setString(++i, e.priority().name());
      ps.setString(++i, e.category().name());
      ps.setString(++i, e.addressee().type().name());
      ps.setString(++i, e.addressee().id());
      ps.setString(++i, e.channel().name());
      ps.setObject(++i, e.administrativeUnit());
      ps.setString(++i, e.language());
      ps.setString(++i, e.personalData().citizenId());
      ps.setString(++i, e.personalData().ciphertext());
      ps.setString(++i, e.accessCodeHash());
      ps.setTimestamp(++i, Timestamp.from(e.at()));
      ps.setTimestamp(++i, Timestamp.from(e.dueAt()));
      ps.setTimestamp(++i, Timestamp.from(e.at()));
      ps.setLong(++i, seq);
      ps.executeUpdate();
    }
    timeline(e, seq, false, "Submitted to " + nameOf(e.addressee()) + " (" + e.channel().name().toLowerCase() + ")",
        null);
  }

  @EventHandler
  void on(RequestAcknowledged e, @SequenceNumber long seq) throws SQLException {
    transition(e, seq, Status.ACKNOWLEDGED, "Acknowledged by the council", null);
  }

  @EventHandler
  void on(RequestAssigned e, @SequenceNumber long seq) throws SQLException {
    setAssignee(e.number(), e.assignee());
    transition(e, seq, Status.ASSIGNED, "Assigned to " + nameOf(e.assignee()), null);
  }

  @EventHandler
  void on(RequestReassigned e, @SequenceNumber long seq) throws SQLException {
    setAssignee(e.number(), e.to());
    transition(e, seq, Status.ASSIGNED, "Reassigned from " + nameOf(e.from()) + " to " + nameOf(e.to()), null);
  }

  @EventHandler
  void on(RequestReferredToDepartment e, @SequenceNumber long seq) throws SQLException {
    transition(e, seq, Status.REFERRED, "Referred to the municipal department: " + e.department(),
        detail("department", e.department(), "note", e.note()));
  }

  @EventHandler
  void on(CitizenInvitedToMeeting e, @SequenceNumber long seq) throws SQLException {
    touch(e, seq);
    timeline(e, seq, false, "The citizen was invited to a council meeting",
        detail("meetingAt", e.meetingAt().toString(), "place", e.place()));
  }

  @EventHandler
  void on(InternalNoteAdded e, @SequenceNumber long seq) throws SQLException {
    touch(e, seq);
    timeline(e, seq, true, "Internal note", detail("text", e.text()));
  }

  @EventHandler
  void on(PriorityChanged e, @SequenceNumber long seq) throws SQLException {
    Connection c = connections.getConnection();
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE request_view SET priority = ?, due_at = ? WHERE number = ?")) {
      ps.setString(1, e.to().name());
      ps.setTimestamp(2, Timestamp.from(e.dueAt()));
      ps.setString(3, e.number());
      ps.executeUpdate();
    }
    touch(e, seq);
    timeline(e, seq, false, "Priority changed from " + e.from() + " to " + e.to() + "; now due "
        + DAY.format(e.dueAt()), null);
  }

  @EventHandler
  void on(RequestResponded e, @SequenceNumber long seq) throws SQLException {
    transition(e, seq, Status.RESPONDED, "The council responded to the citizen", detail("message", e.message()));
  }

  @EventHandler
  void on(RequestResolved e, @SequenceNumber long seq) throws SQLException {
    transition(e, seq, Status.RESOLVED, "Resolved", null);
  }

  @EventHandler
  void on(RequestClosed e, @SequenceNumber long seq) throws SQLException {
    transition(e, seq, Status.CLOSED, "Closed", null);
  }

  @EventHandler
  void on(RequestRejected e, @SequenceNumber long seq) throws SQLException {
    transition(e, seq, Status.REJECTED, "Rejected", detail("reason", e.reason()));
  }

  @EventHandler
  void on(RequestWithdrawn e, @SequenceNumber long seq) throws SQLException {
    transition(e, seq, Status.WITHDRAWN, "Withdrawn by the citizen", null);
  }

  @EventHandler
  void on(RequestReopened e, @SequenceNumber long seq) throws SQLException {
    String status;
    try (PreparedStatement ps = connections.getConnection().prepareStatement(
        "SELECT assignee_id FROM request_view WHERE number = ?")) {
      ps.setString(1, e.number());
      try (ResultSet rs = ps.executeQuery()) {
        status = rs.next() && rs.getString(1) != null ? Status.ASSIGNED.name() : Status.ACKNOWLEDGED.name();
      }
    }
    transition(e, seq, Status.valueOf(status), "Reopened", detail("reason", e.reason()));
  }

  private void transition(RequestEvent e, long seq, Status status, String summary, Map<String, Object> detail)
      throws SQLException {
    try (PreparedStatement ps = connections.getConnection().prepareStatement(
        "UPDATE request_view SET status = ?, last_activity_at = ?, version = ? WHERE number = ?")) {
      ps.setString(1, status.name());
      ps.setTimestamp(2, Timestamp.from(e.at()));
      ps.setLong(3, seq);
      ps.setString(4, e.number());
      ps.executeUpdate();
    }
    timeline(e, seq, false, summary, detail);
  }

  private void touch(RequestEvent e, long seq) throws SQLException {
    try (PreparedStatement ps = connections.getConnection().prepareStatement(
        "UPDATE request_view SET last_activity_at = ?, version = ? WHERE number = ?")) {
      ps.setTimestamp(1, Timestamp.from(e.at()));
      ps.setLong(2, seq);
      ps.setString(3, e.number());
      ps.executeUpdate();
    }
  }

  private void setAssignee(String number, Addressee assignee) throws SQLException {
    try (PreparedStatement ps = connections.getConnection().prepareStatement(
        "UPDATE request_view SET assignee_type = ?, assignee_id = ? WHERE number = ?")) {
      ps.setString(1, assignee.type().name());
      ps.setString(2, assignee.id());
      ps.setString(3, number);
      ps.executeUpdate();
    }
  }

  private void timeline(RequestEvent e, long seq, boolean internal, String summary, Map<String, Object> detail)
      throws SQLException {
    try (PreparedStatement ps = connections.getConnection().prepareStatement(
        "INSERT INTO request_timeline (number, seq, type, at, internal, summary, detail, actor_role, actor_id) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)")) {
      ps.setString(1, e.number());
      ps.setLong(2, seq);
      ps.setString(3, e.getClass().getSimpleName());
      ps.setTimestamp(4, Timestamp.from(e.at()));
      ps.setBoolean(5, internal);
      ps.setString(6, summary);
      ps.setString(7, detail == null ? null : toJson(detail));
      ps.setString(8, e.by().role().name());
      ps.setString(9, e.by().id());
      ps.executeUpdate();
    }
  }

  /** Counselors and commissions are public bodies, so their names may appear in public summaries. */
  private String nameOf(Addressee addressee) throws SQLException {
    boolean counselor = addressee.type() == Addressee.Type.COUNSELOR;
    String sql = counselor ? "SELECT full_name FROM directory_counselor WHERE id = ?"
        : "SELECT name FROM directory_commission WHERE id = ?";
    try (PreparedStatement ps = connections.getConnection().prepareStatement(sql)) {
      ps.setString(1, addressee.id());
      try (ResultSet rs = ps.executeQuery()) {
        String name = rs.next() ? rs.getString(1) : addressee.id();
        return (counselor ? "counselor " : "the ") + name;
      }
    }
  }

  private static Map<String, Object> detail(Object... keyValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      if (keyValues[i + 1] != null) {
        map.put((String) keyValues[i], keyValues[i + 1]);
      }
    }
    return map;
  }

  private static String toJson(Map<String, Object> detail) {
    try {
      return Json.mapper().writeValueAsString(detail);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException(ex);
    }
  }
}
