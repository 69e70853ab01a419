package al.tirana.councilline.platform.axon.tuning;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandResultMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.common.Registration;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.MessageHandler;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Axon's command bus on worker threads, with group commit. Commands run in two lanes, each with its own workers, so
 * neither kind waits behind the other:
 *
 * <ul>
 *   <li><b>Creations</b> (commands that create a new aggregate: submissions). A creation worker takes every creation
 *   waiting, up to a group's limit, and handles them together in one unit of work, so they share one transaction,
 *   one commit and one JDBC batch per kind of write, where each had made its own eight round trips and its own
 *   commit. Few workers make large groups, and large groups cost less CPU per submission.</li>
 *   <li>Only the first creation worker takes a creation at once. The others stand by and take only creations that
 *   have waited longer than the standby's patience, that is when the first worker's commit is slow (a stalled
 *   disk, a large group) or the submissions outrun it. An eager second worker would split the groups at moderate
 *   load (BENCHMARKS.md has the figures). One worker alone would let a single slow commit hold every
 *   submission.</li>
 *   <li><b>Changes</b> (commands on an existing aggregate) are always handled alone: two staff acting on one request
 *   at once must race, and the loser must be told to reload (409), not have its command applied after the
 *   winner's.</li>
 *   <li>If anything in a group fails, the group's transaction rolls back as a whole. The command that failed (a
 *   broken rule) is handled again alone, for its own answer, and the others again as a group; if the commit itself
 *   failed, each is handled again alone. A command that breaks a rule therefore fails by itself and takes no other
 *   with it; the price is that the tracking numbers the rolled-back group drew are never used (numbers may have
 *   gaps, never repeats).</li>
 *   <li>A command is answered only after the transaction that holds its events has committed, exactly as alone.</li>
 * </ul>
 */
public final class GroupCommitCommandBus extends SimpleCommandBus {

  private static final Logger LOG = LoggerFactory.getLogger(GroupCommitCommandBus.class);

  private final BlockingQueue<Queued<?, ?>> creations = new LinkedBlockingQueue<>();
  private final BlockingQueue<Queued<?, ?>> changes = new LinkedBlockingQueue<>();
  private final Predicate<CommandMessage<?>> groupable;
  private final int largestGroup;
  private final long patienceNanos;
  private final List<MessageHandlerInterceptor<? super CommandMessage<?>>> interceptors =
      new CopyOnWriteArrayList<>();
  private final List<Thread> workers = new ArrayList<>();
  private volatile boolean stopped;

  private record Queued<C, R>(CommandMessage<C> command, MessageHandler<? super CommandMessage<?>> handler,
                              CommandCallback<? super C, ? super R> callback, long queuedAt) {
  }

  /** How a worker takes the first command of its next group. */
  private interface Taking {
    Queued<?, ?> next(BlockingQueue<Queued<?, ?>> lane) throws InterruptedException;
  }

  /**
   * @param creationThreads workers for the commands {@code groupable} accepts, each handling one group at a time;
   *                        all but the first stand by
   * @param patience        how long a creation waits before a standing-by worker takes it
   * @param changeThreads   workers for every other command, each handling one at a time
   * @param largestGroup    most commands one transaction takes
   * @param groupable       which commands may share a transaction: only those that create a new aggregate
   */
  public GroupCommitCommandBus(int creationThreads, Duration patience, int changeThreads, int largestGroup,
                               Predicate<CommandMessage<?>> groupable) {
    super(SimpleCommandBus.builder().transactionManager(NoTransactionManager.INSTANCE));
    if (creationThreads < 1 || changeThreads < 1 || largestGroup < 1 || patience.isNegative() || patience.isZero()) {
      throw new IllegalArgumentException(
          "Each lane needs a worker, a group at least one command, and a standby a patience above zero");
    }
    this.groupable = groupable;
    this.largestGroup = largestGroup;
    this.patienceNanos = patience.toNanos();
    startWorker("command-create-1", () -> serve(creations, BlockingQueue::take, largestGroup, this::together));
    for (int i = 2; i <= creationThreads; i++) {
      startWorker("command-create-" + i, () -> serve(creations, this::overdue, largestGroup, this::together));
    }
    for (int i = 1; i <= changeThreads; i++) {
      startWorker("command-change-" + i,
          () -> serve(changes, BlockingQueue::take, 1, taken -> alone(taken.get(0))));
    }
  }

  private void startWorker(String name, Runnable work) {
    Thread worker = new Thread(work, name);
    worker.setDaemon(true);
    workers.add(worker);
    worker.start();
  }

  @Override
  public Registration registerHandlerInterceptor(
      MessageHandlerInterceptor<? super CommandMessage<?>> handlerInterceptor) {
    Registration registration = super.registerHandlerInterceptor(handlerInterceptor);
    interceptors.add(handlerInterceptor);
    return () -> interceptors.remove(handlerInterceptor) & registration.cancel();
  }

  /** Queues the command for a worker instead of handling it on the dispatching thread (an event loop). */
  @Override
  protected <C, R> void handle(CommandMessage<C> command, MessageHandler<? super CommandMessage<?>> handler,
                               CommandCallback<? super C, ? super R> callback) {
    Queued<C, R> queued = new Queued<>(command, handler, callback, System.nanoTime());
    BlockingQueue<Queued<?, ?>> lane = groupable.test(command) ? creations : changes;
    lane.add(queued);
    if (stopped && lane.remove(queued)) {
      refuse(queued);
    }
  }

  /** Stops the workers; commands still waiting are answered with a failure rather than left hanging. */
  public void shutdown() {
    stopped = true;
    workers.forEach(Thread::interrupt);
    List<Queued<?, ?>> waiting = new ArrayList<>();
    creations.drainTo(waiting);
    changes.drainTo(waiting);
    waiting.forEach(GroupCommitCommandBus::refuse);
  }

  /** Takes the next command and up to {@code most - 1} more waiting in the lane, and hands them on together. */
  private void serve(BlockingQueue<Queued<?, ?>> lane, Taking taking, int most,
                     Consumer<List<Queued<?, ?>>> handling) {
    List<Queued<?, ?>> taken = new ArrayList<>();
    while (!stopped) {
      try {
        taken.add(taking.next(lane));
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        return;
      }
      lane.drainTo(taken, most - 1);
      try {
        handling.accept(taken);
      } catch (RuntimeException ex) {
        // a callback that throws must not take the worker with it; the command itself was answered already
        LOG.error("A command's callback failed", ex);
      } finally {
        taken.clear();
      }
    }
  }

  /**
   * Waits until the command at the head of the lane has waited longer than the patience, and takes it. Standing by
   * polls, because a blocking take would wake on every arrival and race the first worker for it; idle, it wakes once
   * per patience.
   */
  private Queued<?, ?> overdue(BlockingQueue<Queued<?, ?>> lane) throws InterruptedException {
    while (true) {
      Queued<?, ?> head = lane.peek();
      long waited = head == null ? 0 : System.nanoTime() - head.queuedAt();
      if (head != null && waited >= patienceNanos) {
        Queued<?, ?> taken = lane.poll();
        if (taken != null) {
          return taken;
        }
      } else {
        LockSupport.parkNanos(this, Math.max(patienceNanos - waited, 1_000_000));
      }
      if (Thread.interrupted()) {
        throw new InterruptedException("standing by");
      }
    }
  }

  private <C, R> void alone(Queued<C, R> queued) {
    super.handle(queued.command(), queued.handler(), queued.callback());
  }

  private void together(List<Queued<?, ?>> group) {
    if (group.isEmpty()) {
      return;
    }
    if (group.size() == 1) {
      alone(group.get(0));
      return;
    }
    BatchingUnitOfWork<CommandMessage<?>> unitOfWork =
        new BatchingUnitOfWork<>(group.stream().<CommandMessage<?>>map(Queued::command).toList());
    AtomicReference<CommandMessage<?>> failed = new AtomicReference<>();
    ResultMessage<?> outcome = unitOfWork.executeWithResult(() -> {
      try {
        return new DefaultInterceptorChain<>(unitOfWork, interceptors, handlerOf(group, unitOfWork.getMessage()))
            .proceed();
      } catch (Exception | Error ex) {
        failed.set(unitOfWork.getMessage());
        throw ex;
      }
    }, failure -> true);
    if (outcome.isExceptional()) {
      LOG.debug("A group of {} commands rolled back ({})", group.size(), outcome.exceptionResult().toString());
      retry(group, failed.get());
      return;
    }
    var results = unitOfWork.getExecutionResults();
    group.forEach(queued -> answer(queued,
        GenericCommandResultMessage.asCommandResultMessage(results.get(queued.command()).getResult())));
  }

  /**
   * The command that failed gets its own answer alone; the others, rolled back with it, form a new group. A failed
   * commit names no command, so then each is handled alone.
   */
  private void retry(List<Queued<?, ?>> group, CommandMessage<?> failed) {
    if (failed == null) {
      group.forEach(this::alone);
      return;
    }
    List<Queued<?, ?>> others = new ArrayList<>();
    for (Queued<?, ?> queued : group) {
      if (queued.command() == failed) {
        alone(queued);
      } else {
        others.add(queued);
      }
    }
    together(others);
  }

  private static MessageHandler<? super CommandMessage<?>> handlerOf(List<Queued<?, ?>> group,
                                                                   CommandMessage<?> command) {
    for (Queued<?, ?> queued : group) {
      if (queued.command() == command) {
        return queued.handler();
      }
    }
    throw new IllegalStateException("Command not in its group: " + command.getCommandName());
  }

  @SuppressWarnings("unchecked")
  private static <C, R> void answer(Queued<C, R> queued, CommandResultMessage<?> result) {
    queued.callback().onResult(queued.command(), (CommandResultMessage<R>) result);
  }

  private static void refuse(Queued<?, ?> queued) {
    answer(queued, GenericCommandResultMessage.asCommandResultMessage(
        new IllegalStateException("CouncilLine is shutting down; the command was not handled")));
  }
}
