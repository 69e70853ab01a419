package al.tirana.councilline.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
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
 * Axon's command bus on a pool of worker threads, with group commit. A worker that finds several submissions
 * waiting handles them together in one unit of work, so they share one transaction, one commit and one JDBC batch
 * per kind of write, where each had made its own eight round trips and its own commit before.
 *
 * <ul>
 *   <li>Only commands that create a new aggregate are grouped, so no two commands of a group touch the same
 *   aggregate. A command on an existing request is always handled alone: two staff acting on one request at once
 *   must race, and the loser must be told to reload (409), not have its command applied after the winner's.</li>
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

  private final BlockingQueue<Queued<?, ?>> queue = new LinkedBlockingQueue<>();
  private final Predicate<CommandMessage<?>> groupable;
  private final int largestGroup;
  private final List<MessageHandlerInterceptor<? super CommandMessage<?>>> interceptors =
      new CopyOnWriteArrayList<>();
  private final List<Thread> workers = new ArrayList<>();
  private volatile boolean stopped;

  private record Queued<C, R>(CommandMessage<C> command, MessageHandler<? super CommandMessage<?>> handler,
                              CommandCallback<? super C, ? super R> callback) {
  }

  /**
   * @param threads      workers, each handling one command or one group at a time
   * @param largestGroup most commands one transaction takes
   * @param groupable    which commands may share a transaction: only those that create a new aggregate
   */
  public GroupCommitCommandBus(int threads, int largestGroup, Predicate<CommandMessage<?>> groupable) {
    super(SimpleCommandBus.builder().transactionManager(NoTransactionManager.INSTANCE));
    this.groupable = groupable;
    this.largestGroup = largestGroup;
    for (int i = 1; i <= threads; i++) {
      Thread worker = new Thread(this::work, "command-" + i);
      worker.setDaemon(true);
      workers.add(worker);
      worker.start();
    }
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
    Queued<C, R> queued = new Queued<>(command, handler, callback);
    queue.add(queued);
    if (stopped && queue.remove(queued)) {
      refuse(queued);
    }
  }

  /** Stops the workers; commands still waiting are answered with a failure rather than left hanging. */
  public void shutdown() {
    stopped = true;
    workers.forEach(Thread::interrupt);
    List<Queued<?, ?>> waiting = new ArrayList<>();
    queue.drainTo(waiting);
    waiting.forEach(GroupCommitCommandBus::refuse);
  }

  private void work() {
    List<Queued<?, ?>> group = new ArrayList<>();
    while (!stopped) {
      Queued<?, ?> first;
      try {
        first = queue.take();
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        return;
      }
      try {
        if (!groupable.test(first.command())) {
          alone(first);
          continue;
        }
        group.add(first);
        Queued<?, ?> other = null;
        while (group.size() < largestGroup && (other = queue.poll()) != null && groupable.test(other.command())) {
          group.add(other);
          other = null;
        }
        together(group);
        if (other != null) {
          alone(other);
        }
      } catch (RuntimeException ex) {
        // a callback that throws must not take the worker with it; the command itself was answered already
        LOG.error("A command's callback failed", ex);
      } finally {
        group.clear();
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
