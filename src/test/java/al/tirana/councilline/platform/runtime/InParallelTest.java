package al.tirana.councilline.platform.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Two start-up steps in parallel")
class InParallelTest {

  @Test
  @DisplayName("run at the same time, and the other step's result is returned")
  void overlap() throws Exception {
    CountDownLatch hereStarted = new CountDownLatch(1);
    CountDownLatch otherStarted = new CountDownLatch(1);

    // each step waits for the other to have started: run one after the other, they would both time out
    String result = InParallel.start("other", () -> {
      otherStarted.countDown();
      if (!hereStarted.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the steps ran one after the other");
      }
      return "keys";
    }).joinAfter(() -> {
      hereStarted.countDown();
      if (!otherStarted.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the steps ran one after the other");
      }
    });

    assertThat(result).isEqualTo("keys");
  }

  @Test
  @DisplayName("fail with the other step's own exception, once this step has finished")
  void otherFails() {
    AtomicBoolean hereFinished = new AtomicBoolean();
    SQLException cause = new SQLException("no such table");

    assertThatThrownBy(() -> InParallel.start("other", () -> {
      throw cause;
    }).joinAfter(() -> hereFinished.set(true))).isSameAs(cause);
    assertThat(hereFinished).isTrue();
  }

  @Test
  @DisplayName("fail with this step's own exception only after the other step has finished, its failure suppressed")
  void hereFails() {
    AtomicBoolean otherFinished = new AtomicBoolean();
    IOException cause = new IOException("disk full");
    IllegalStateException otherCause = new IllegalStateException("also broken");
    CountDownLatch hereFailed = new CountDownLatch(1);

    assertThatThrownBy(() -> InParallel.start("other", () -> {
      // still running when this step fails: the failure must wait for it
      hereFailed.await(30, TimeUnit.SECONDS);
      otherFinished.set(true);
      throw otherCause;
    }).joinAfter(() -> {
      hereFailed.countDown();
      throw cause;
    })).isSameAs(cause).satisfies(thrown -> assertThat(thrown.getSuppressed()).containsExactly(otherCause));
    assertThat(otherFinished).isTrue();
  }
}
