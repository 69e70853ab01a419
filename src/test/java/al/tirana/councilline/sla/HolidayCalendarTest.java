package al.tirana.councilline.sla;

import static al.tirana.councilline.support.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.platform.config.Config;
import al.tirana.councilline.support.StartedApp;
import al.tirana.councilline.support.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Each node keeps the holiday calendar in memory; these are the ways it learns of a change. */
@DisplayName("The SLA clock's holiday calendar")
class HolidayCalendarTest {

  @Test
  @DisplayName("takes a holiday written straight into the table (by another node, or a DBA) into the next due date")
  void hearsOfChangesMadeElsewhere(@StartedApp.Fresh TestApp app) throws Exception {
    declareHolidayOnTheNextDueDay(app, new Desk(app));
  }

  @Test
  @DisplayName("takes a holiday removed through the admin API into the very next due date on this node")
  void seesItsOwnChangesAtOnce(@StartedApp.Fresh TestApp app) throws Exception {
    Desk desk = new Desk(app);
    LocalDate natural = declareHolidayOnTheNextDueDay(app, desk);

    HttpResponse<Buffer> removed = app.send(app.client().delete("/api/admin/holidays/" + natural), desk.admin, null);
    assertThat(removed.statusCode()).isEqualTo(204);

    assertThat(desk.nextDueDay()).isEqualTo(natural);
  }

  @Test
  @DisplayName("reads the table afresh after its listening connection was lost, so a change made meanwhile counts")
  void forgetsWhatItMayHaveMissed(@StartedApp.Fresh TestApp app) throws Exception {
    Desk desk = new Desk(app);
    LocalDate natural = desk.nextDueDay();
    try (Connection c = app.jdbc(); Statement st = c.createStatement()) {
      // the notification of the insert below reaches no listener: the connection it would use is gone
      try (java.sql.ResultSet rs = st.executeQuery("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
          + "WHERE query LIKE 'LISTEN%" + HolidayListener.CHANNEL + "%'")) {
        assertThat(rs.next() && rs.getBoolean(1)).as("the listening connection was found and ended").isTrue();
      }
      st.executeUpdate("INSERT INTO sla_holiday (day, name) VALUES ('" + natural + "', 'Test holiday')");
    }

    eventually(() -> desk.nextDueDay().isAfter(natural));
  }

  /** Inserts the holiday straight into the table, as another node or a DBA would, and waits for it to count. */
  private static LocalDate declareHolidayOnTheNextDueDay(TestApp app, Desk desk) throws Exception {
    LocalDate natural = desk.nextDueDay();
    try (Connection c = app.jdbc();
         PreparedStatement ps = c.prepareStatement("INSERT INTO sla_holiday (day, name) VALUES (?, 'Test holiday')")) {
      ps.setObject(1, natural);
      ps.executeUpdate();
    }
    eventually(() -> desk.nextDueDay().isAfter(natural));
    return natural;
  }

  /** Desk staff submit without the public's rate limit, so a test may submit as often as it polls. */
  private static final class Desk {

    private final TestApp app;
    private final String admin;
    private final String staff;
    private final String commission;

    Desk(TestApp app) throws Exception {
      this.app = app;
      this.admin = app.adminToken();
      this.staff = app.createUser(admin, "desk.holidays", "STAFF", null);
      this.commission = app.createCommission(admin, "Youth Commission");
    }

    /** The day, in Tirana, an urgent request submitted now is due. */
    LocalDate nextDueDay() {
      HttpResponse<Buffer> submitted = app.post("/api/requests", staff, TestApp.submission("COMMISSION", commission));
      assertThat(submitted.statusCode()).as(submitted.bodyAsString()).isEqualTo(201);
      return Instant.parse(submitted.bodyAsJsonObject().getString("dueAt")).atZone(Config.ZONE).toLocalDate();
    }
  }
}
