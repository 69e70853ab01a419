package al.tirana.councilline.sla;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.exceptions.ExecutionException;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceNotFoundException;
import com.github.kagkarlsson.scheduler.task.SchedulableInstance;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.common.IdentifierFactory;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.deadline.GenericDeadlineMessage;
import org.axonframework.deadline.dbscheduler.DbSchedulerBinaryDeadlineDetails;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineToken;
import org.axonframework.messaging.ScopeDescriptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Axon's db-scheduler deadline manager, with two changes that keep timers tied to the command that set them.
 * <ul>
 *   <li>Timers set in a unit of work are inserted together, in one batch, when it prepares its commit (on its own
 *   connection, see TimerDataSource). Axon's manager inserted each through db-scheduler's "schedule if not exists",
 *   which first looks the timer up: four statements for a submission's two fresh timers, whose identifiers are new
 *   and cannot exist yet.</li>
 *   <li>Cancellation waits until the command has committed: a command that fails (for example the loser of two
 *   concurrent changes) leaves the timers in place, and cancelling a timer that another command already cancelled,
 *   or that already fired, is not an error.</li>
 * </ul>
 */
public final class SlaDeadlineManager extends DbSchedulerDeadlineManager {

  private static final Logger LOG = LoggerFactory.getLogger(SlaDeadlineManager.class);

  /** The task Axon's binary deadlines run as, so the scheduler's own task (binaryTask) fires these timers. */
  private static final TaskDescriptor<DbSchedulerBinaryDeadlineDetails> TIMER = TaskDescriptor.of(
      new DbSchedulerDeadlineToken("any").getTaskName(), DbSchedulerBinaryDeadlineDetails.class);

  private static final String PENDING = SlaDeadlineManager.class.getName() + ".pending";

  private final Scheduler scheduler;
  private final Serializer serializer;

  public SlaDeadlineManager(Builder builder, Scheduler scheduler, Serializer serializer) {
    super(builder.serializer(serializer));
    this.scheduler = scheduler;
    this.serializer = serializer;
  }

  @Override
  public String schedule(Instant triggerDateTime, String deadlineName, Object messageOrPayload,
                         ScopeDescriptor deadlineScope) {
    if (!CurrentUnitOfWork.isStarted()) {
      return super.schedule(triggerDateTime, deadlineName, messageOrPayload, deadlineScope);
    }
    String id = IdentifierFactory.getInstance().generateIdentifier();
    DeadlineMessage<Object> message = processDispatchInterceptors(
        GenericDeadlineMessage.asDeadlineMessage(deadlineName, messageOrPayload, triggerDateTime));
    pending(CurrentUnitOfWork.get().root())
        .add(TIMER.instance(id).data(details(deadlineName, deadlineScope, message)).scheduledTo(triggerDateTime));
    return id;
  }

  /** The unit of work's timers, inserted in one batch as it prepares its commit. */
  private List<SchedulableInstance<?>> pending(UnitOfWork<?> unitOfWork) {
    return unitOfWork.getOrComputeResource(PENDING, key -> {
      List<SchedulableInstance<?>> timers = new ArrayList<>();
      unitOfWork.onPrepareCommit(u -> scheduler.scheduleBatch(timers));
      return timers;
    });
  }

  /** What Axon's manager stores for a binary deadline, so a timer set here fires exactly like one set by it. */
  private DbSchedulerBinaryDeadlineDetails details(String name, ScopeDescriptor scope,
                                                   DeadlineMessage<Object> message) {
    SerializedObject<byte[]> descriptor = serializer.serialize(scope, byte[].class);
    SerializedObject<byte[]> payload = serializer.serialize(message.getPayload(), byte[].class);
    SerializedObject<byte[]> metaData = serializer.serialize(message.getMetaData(), byte[].class);
    return new DbSchedulerBinaryDeadlineDetails(name, descriptor.getData(), descriptor.getType().getName(),
        payload.getData(), payload.getType().getName(), payload.getType().getRevision(), metaData.getData());
  }

  /**
   * Holds this node's timers back (they stay due and fire on resume), for the demo's recorded past: a timer firing
   * meanwhile would commit its event between the demo's backdated ones.
   */
  public void pause() {
    scheduler.pause();
  }

  public void resume() {
    scheduler.resume();
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
