package al.tirana.councilline.sla;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.exceptions.ExecutionException;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceNotFoundException;

import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineToken;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Axon's db-scheduler deadline manager, with cancellation deferred until the command has committed: a command that
 * fails (for example the loser of two concurrent changes) leaves the timers in place, and cancelling a timer that
 * another command already cancelled, or that already fired, is not an error.
 */
public final class SlaDeadlineManager extends DbSchedulerDeadlineManager {

  private static final Logger LOG = LoggerFactory.getLogger(SlaDeadlineManager.class);

  private final Scheduler scheduler;

  public SlaDeadlineManager(Builder builder, Scheduler scheduler) {
    super(builder);
    this.scheduler = scheduler;
  }

  @Override
  public void cancelSchedule(String deadlineName, String scheduleId) {
    Runnable cancel = () -> {
      try {
        scheduler.cancel(new DbSchedulerDeadlineToken(scheduleId));
      } catch (TaskInstanceNotFoundException | ExecutionException gone) {
        LOG.debug("Timer {} ({}) was already cancelled or has fired", scheduleId, deadlineName);
      }
    };
    if (CurrentUnitOfWork.isStarted()) {
      CurrentUnitOfWork.get().afterCommit(unitOfWork -> cancel.run());
    } else {
      cancel.run();
    }
  }
}
