package al.tirana.councilline.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import al.tirana.councilline.platform.db.Database;
import al.tirana.councilline.support.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The benchmark's cost of a unit of work")
class WorkTest {

  @Test
  @DisplayName("counts each table's rows, the write transactions and the WAL of the work between two readings, "
      + "including statistics a busy backend had not yet flushed")
  void countsTheDatabaseWork() throws Exception {
    Database.Parsed jdbc = Database.Parsed.of(TestDatabase.freshDatabaseUrl());
    try (Connection c = Baseline.connect(jdbc); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE work_probe (id INT PRIMARY KEY, v TEXT)");
      st.execute("CREATE TABLE work_untouched (id INT PRIMARY KEY)");
      // new tables start at zero, so nothing of theirs can be pending yet
      Work.Counters before = Work.Counters.now(jdbc);
      Work.Cpu cpuBefore = Work.Cpu.now();

      c.setAutoCommit(false);
      st.execute("INSERT INTO work_probe SELECT i, repeat('x', 500) FROM generate_series(1, 10) i");
      c.commit();
      // within a second of the first flush: these stay pending in this backend until it has been idle a while
      st.execute("UPDATE work_probe SET v = 'y' WHERE id <= 3");
      st.execute("DELETE FROM work_probe WHERE id > 8");
      c.commit();
      st.execute("INSERT INTO work_probe SELECT i, 'z' FROM generate_series(11, 15) i");
      c.commit();
      Work.Cpu cpuAfter = Work.Cpu.now();
      Work.Counters after = Work.Counters.settled(jdbc);

      Work.Cost cost = Work.Cost.of(5, cpuBefore, cpuAfter, before, after);

      assertThat(cost.rowsByTable()).containsOnlyKeys("public.work_probe");
      assertThat(cost.rowsByTable().get("public.work_probe")).containsExactly(3.0, 0.6, 0.4);
      assertThat(cost.rowsWritten()).isEqualTo(4.0);
      assertThat(cost.writeTransactions()).as("three write transactions over five units").isGreaterThanOrEqualTo(0.6);
      assertThat(cost.walBytes()).as("ten rows of 500 bytes over five units").isGreaterThan(1_000);
    }
  }

  @Test
  @DisplayName("counts the CPU this JVM and the machine spent between two readings")
  void countsTheCpu() throws Exception {
    Work.Counters none = new Work.Counters(0, 0, java.util.Map.of());
    Work.Cpu from = Work.Cpu.now();
    // 300 ms of this thread's own CPU time, however long a busy machine takes to give it
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    long until = threads.getCurrentThreadCpuTime() + 300_000_000L;
    while (threads.getCurrentThreadCpuTime() < until) {
      Thread.onSpinWait();
    }
    Work.Cpu to = Work.Cpu.now();

    Work.Cost cost = Work.Cost.of(1, from, to, none, none);

    assertThat(cost.selfCpuMs()).isGreaterThanOrEqualTo(250);
    assertThat(cost.machineCpuMs()).isGreaterThanOrEqualTo(250);
  }

  @Test
  @DisplayName("refuses a cost of no work, which would be a division by zero")
  void refusesNoWork() throws Exception {
    Work.Counters none = new Work.Counters(0, 0, java.util.Map.of());
    Work.Cpu now = Work.Cpu.now();

    assertThatThrownBy(() -> Work.Cost.of(0, now, now, none, none)).isInstanceOf(IllegalArgumentException.class);
  }
}
