package al.tirana.councilline.platform.axon.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.messaging.MessageHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The group-commit command bus")
class GroupCommitCommandBusTest {

  /**
   * Creates a new aggregate, so it may share a transaction; a name starting with "bad" breaks a rule. The one named
   * "block" holds the only creation worker until released.
   */
  record Create(String name) {
  }

  /** Acts on an existing aggregate: always alone. The one named "block" holds the only change worker until released. */
  record Change(String name) {
  }

  private static final Duration PATIENCE = Duration.ofMillis(200);

  private final GroupCommitCommandBus bus =
      new GroupCommitCommandBus(1, PATIENCE, 1, 32, command -> command.getPayloadType() == Create.class);
  private final CountDownLatch release = new CountDownLatch(1);
  /** Counted down when a "block" creation holds the creation worker, so nothing sent after it joins its group. */
  private final CountDownLatch blocking = new CountDownLatch(1);
  /** Holds the change worker on the command named "hold", while "block" creations are released. */
  private final CountDownLatch hold = new CountDownLatch(1);
  private final Map<String, UnitOfWork<?>> transactionOf = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
  private final List<String> committed = new CopyOnWriteArrayList<>();

  private final MessageHandler<CommandMessage<?>> changing = message -> {
    String name = ((Change) message.getPayload()).name();
    if (name.equals("block")) {
      release.await();
    }
    if (name.equals("hold")) {
      hold.await();
    }
    record(name);
    return "changed " + name;
  };
  private final MessageHandler<CommandMessage<?>> creating = message -> {
    String name = ((Create) message.getPayload()).name();
    if (name.equals("block")) {
      blocking.countDown();
      release.await();
    }
    record(name);
    if (name.equals("commit-fails-once") && attempts.get(name).get() == 1) {
      CurrentUnitOfWork.get().onPrepareCommit(u -> {
        throw new IllegalStateException("the database went away");
      });
    }
    if (name.startsWith("bad")) {
      throw new IllegalArgumentException(name + " breaks a rule");
    }
    return "created " + name;
  };

  @BeforeEach
  void subscribe() {
    bus.subscribe(Change.class.getName(), changing);
    bus.subscribe(Create.class.getName(), creating);
  }

  @AfterEach
  void stop() {
    release.countDown();
    hold.countDown();
    bus.shutdown();
  }

  @Test
  @DisplayName("handles the submissions that wait for a worker in one transaction and answers each with its own result")
  void groupsWaitingCreations() throws Exception {
    Map<String, CompletableFuture<CommandResultMessage<?>>> sent = sentWhileBlocked("a", "b", "c", "d");

    for (String name : List.of("a", "b", "c", "d", "block")) {
      assertThat(sent.get(name).get(5, TimeUnit.SECONDS).getPayload()).isEqualTo("created " + name);
    }
    assertThat(List.of("b", "c", "d")).allSatisfy(name ->
        assertThat(transactionOf.get(name)).as(name).isSameAs(transactionOf.get("a")));
    assertThat(transactionOf.get("a")).isNotSameAs(transactionOf.get("block"));
    assertThat(committed).containsExactlyInAnyOrder("block", "a", "b", "c", "d");
  }

  @Test
  @DisplayName("lets a command that breaks a rule fail alone: its group rolls back, the others commit together once")
  void failsABadCommandAlone() throws Exception {
    Map<String, CompletableFuture<CommandResultMessage<?>>> sent = sentWhileBlocked("a", "bad", "c", "d");

    for (String name : List.of("a", "c", "d")) {
      assertThat(sent.get(name).get(5, TimeUnit.SECONDS).getPayload()).isEqualTo("created " + name);
    }
    CommandResultMessage<?> refused = sent.get("bad").get(5, TimeUnit.SECONDS);
    assertThat(refused.isExceptional()).isTrue();
    assertThat(refused.exceptionResult()).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad breaks a rule");
    assertThat(attempts.get("bad").get()).as("once in the group, once alone").isEqualTo(2);
    assertThat(attempts.get("a").get()).as("once in the group that rolled back, once in the new group").isEqualTo(2);
    assertThat(transactionOf.get("a")).as("the others share the new group")
        .isSameAs(transactionOf.get("c")).isSameAs(transactionOf.get("d"))
        .isNotSameAs(transactionOf.get("bad"));
    assertThat(committed).containsExactlyInAnyOrder("block", "a", "c", "d");
  }

  @Test
  @DisplayName("handles each command of a group alone again when the group's commit fails")
  void retriesEachAloneAfterAFailedCommit() throws Exception {
    Map<String, CompletableFuture<CommandResultMessage<?>>> sent = sentWhileBlocked("commit-fails-once", "b");

    for (String name : List.of("commit-fails-once", "b")) {
      assertThat(sent.get(name).get(5, TimeUnit.SECONDS).getPayload()).isEqualTo("created " + name);
    }
    assertThat(attempts.get("b").get()).isEqualTo(2);
    assertThat(transactionOf.get("b")).isNotSameAs(transactionOf.get("commit-fails-once"));
    assertThat(committed).containsExactlyInAnyOrder("block", "commit-fails-once", "b");
  }

  @Test
  @DisplayName("never groups commands on existing aggregates, so two staff racing on one request still conflict")
  void handlesChangesAlone() throws Exception {
    send(new Change("block"));
    CompletableFuture<CommandResultMessage<?>> x = send(new Change("x"));
    CompletableFuture<CommandResultMessage<?>> y = send(new Change("y"));
    release.countDown();

    assertThat(x.get(5, TimeUnit.SECONDS).getPayload()).isEqualTo("changed x");
    assertThat(y.get(5, TimeUnit.SECONDS).getPayload()).isEqualTo("changed y");
    assertThat(transactionOf.get("x")).isNotSameAs(transactionOf.get("y"));
  }

  @Test
  @DisplayName("answers the commands still waiting at shutdown with a failure instead of leaving their callers hanging")
  void refusesWaitingCommandsAtShutdown() throws Exception {
    blockCreations();
    send(new Change("block"));
    CompletableFuture<CommandResultMessage<?>> waiting = send(new Create("a"));
    CompletableFuture<CommandResultMessage<?>> waitingChange = send(new Change("b"));

    bus.shutdown();

    for (CompletableFuture<CommandResultMessage<?>> refused : List.of(waiting, waitingChange)) {
      CommandResultMessage<?> answer = refused.get(5, TimeUnit.SECONDS);
      assertThat(answer.isExceptional()).isTrue();
      assertThat(answer.exceptionResult()).hasMessageContaining("shutting down");
    }
    assertThat(send(new Create("late")).get(5, TimeUnit.SECONDS).isExceptional()).isTrue();
    assertThat(committed).doesNotContain("a", "b", "late");
  }

  @Test
  @DisplayName("answers a change on an existing request while the submissions' worker is busy, and the other way round")
  void keepsTheLanesApart() throws Exception {
    CompletableFuture<CommandResultMessage<?>> blockedCreation = blockCreations();
    assertThat(send(new Change("x")).get(5, TimeUnit.SECONDS).getPayload()).isEqualTo("changed x");
    assertThat(blockedCreation).isNotDone();
    release.countDown();
    assertThat(blockedCreation.get(5, TimeUnit.SECONDS).getPayload()).isEqualTo("created block");

    CompletableFuture<CommandResultMessage<?>> heldChange = send(new Change("hold"));
    assertThat(send(new Create("y")).get(5, TimeUnit.SECONDS).getPayload()).isEqualTo("created y");
    assertThat(heldChange).isNotDone();
    hold.countDown();
    assertThat(heldChange.get(5, TimeUnit.SECONDS).getPayload()).isEqualTo("changed hold");
  }

  @Test
  @DisplayName("lets a standing-by worker take a submission that waited longer than its patience behind a slow commit")
  void standbyTakesOverdueCreations() throws Exception {
    GroupCommitCommandBus standing = withStandby(PATIENCE);
    try {
      CompletableFuture<CommandResultMessage<?>> blocker = blockCreations(standing);
      long sent = System.nanoTime();
      CompletableFuture<CommandResultMessage<?>> waiting = send(standing, new Create("a"));

      assertThat(waiting.get(5, TimeUnit.SECONDS).getPayload()).isEqualTo("created a");
      assertThat(Duration.ofNanos(System.nanoTime() - sent)).as("not before its patience ran out")
          .isGreaterThanOrEqualTo(PATIENCE);
      assertThat(blocker).as("the first worker is still held").isNotDone();
    } finally {
      release.countDown();
      standing.shutdown();
    }
  }

  @Test
  @DisplayName("keeps the standing-by worker out of a group that the first worker takes within the patience")
  void standbyLeavesGroupsWhole() throws Exception {
    GroupCommitCommandBus standing = withStandby(Duration.ofSeconds(30));
    try {
      CompletableFuture<CommandResultMessage<?>> blocker = blockCreations(standing);
      CompletableFuture<CommandResultMessage<?>> first = send(standing, new Create("a"));
      // part of the scenario: "a" waits a while, far within the standby's 30 s patience, before "b" arrives
      Thread.sleep(300);
      CompletableFuture<CommandResultMessage<?>> second = send(standing, new Create("b"));
      release.countDown();

      assertThat(first.get(5, TimeUnit.SECONDS).getPayload()).isEqualTo("created a");
      assertThat(second.get(5, TimeUnit.SECONDS).getPayload()).isEqualTo("created b");
      assertThat(blocker.get(5, TimeUnit.SECONDS).getPayload()).isEqualTo("created block");
      assertThat(transactionOf.get("a")).as("an eager second worker would have taken a alone")
          .isSameAs(transactionOf.get("b"));
    } finally {
      standing.shutdown();
    }
  }

  @Test
  @DisplayName("refuses a lane without a worker, and a standby without patience (it would spin)")
  void refusesNoWorkers() {
    assertThatThrownBy(() -> new GroupCommitCommandBus(0, PATIENCE, 1, 32, command -> true))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new GroupCommitCommandBus(2, Duration.ZERO, 1, 32, command -> true))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** A bus like {@link #bus} with a second creation worker standing by. */
  private GroupCommitCommandBus withStandby(Duration patience) {
    GroupCommitCommandBus standing =
        new GroupCommitCommandBus(2, patience, 1, 32, command -> command.getPayloadType() == Create.class);
    standing.subscribe(Create.class.getName(), creating);
    return standing;
  }

  /**
   * The creations, sent while the creation worker is held by a blocker (under "block"), so that they wait for it
   * together; then the blocker is released.
   */
  private Map<String, CompletableFuture<CommandResultMessage<?>>> sentWhileBlocked(String... names)
      throws InterruptedException {
    Map<String, CompletableFuture<CommandResultMessage<?>>> sent = new LinkedHashMap<>();
    sent.put("block", blockCreations());
    for (String name : names) {
      sent.put(name, send(new Create(name)));
    }
    release.countDown();
    return sent;
  }

  private CompletableFuture<CommandResultMessage<?>> blockCreations() throws InterruptedException {
    return blockCreations(bus);
  }

  private CompletableFuture<CommandResultMessage<?>> blockCreations(GroupCommitCommandBus on)
      throws InterruptedException {
    CompletableFuture<CommandResultMessage<?>> blocker = send(on, new Create("block"));
    assertThat(blocking.await(5, TimeUnit.SECONDS)).as("the creation worker took the blocker").isTrue();
    return blocker;
  }

  private void record(String name) {
    UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
    transactionOf.put(name, unitOfWork.root());
    attempts.computeIfAbsent(name, key -> new AtomicInteger()).incrementAndGet();
    unitOfWork.onCommit(u -> committed.add(name));
  }

  private CompletableFuture<CommandResultMessage<?>> send(Object payload) {
    return send(bus, payload);
  }

  private CompletableFuture<CommandResultMessage<?>> send(GroupCommitCommandBus on, Object payload) {
    CompletableFuture<CommandResultMessage<?>> answer = new CompletableFuture<>();
    on.dispatch(GenericCommandMessage.asCommandMessage(payload), (command, result) -> answer.complete(result));
    return answer;
  }
}
