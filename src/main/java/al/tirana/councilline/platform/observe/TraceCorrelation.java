package al.tirana.councilline.platform.observe;

import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.interceptors.CorrelationDataInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Carries a command's trace id into the metadata of every event it causes and into the log lines written while it
 * is handled. Only command messages are looked at: the processors make a message per event they handle, and reading
 * each event's metadata for it would cost a rebuild dearly for nothing.
 */
public final class TraceCorrelation implements CorrelationDataProvider {

  private static final Logger LOG = LoggerFactory.getLogger(TraceCorrelation.class);

  private TraceCorrelation() {
  }

  /** Installs both on the command bus (a custom bus gets no correlation interceptor from Axon's configurer). */
  public static void install(CommandBus commandBus) {
    commandBus.registerHandlerInterceptor(new CorrelationDataInterceptor<>(List.of(new TraceCorrelation())));
    commandBus.registerHandlerInterceptor(new Logging());
  }

  @Override
  public Map<String, ?> correlationDataFor(Message<?> message) {
    if (message instanceof CommandMessage<?> && message.getMetaData().get(TraceIds.METADATA_KEY) instanceof String id) {
      return Map.of(TraceIds.METADATA_KEY, id);
    }
    return Map.of();
  }

  /** The command's trace id in the MDC of the worker thread, for as long as the command is handled there. */
  private static final class Logging implements MessageHandlerInterceptor<CommandMessage<?>> {
    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain)
        throws Exception {
      CommandMessage<?> command = unitOfWork.getMessage();
      if (!(command.getMetaData().get(TraceIds.METADATA_KEY) instanceof String id)) {
        return chain.proceed();
      }
      String outer = MDC.get(TraceIds.LOG_KEY);
      MDC.put(TraceIds.LOG_KEY, id);
      try {
        LOG.debug("Handling {}", command.getCommandName());
        return chain.proceed();
      } finally {
        if (outer == null) {
          MDC.remove(TraceIds.LOG_KEY);
        } else {
          MDC.put(TraceIds.LOG_KEY, outer);
        }
      }
    }
  }
}
