package al.tirana.councilline.request;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/** The requests a processor's current batch has events for, so a projection can read all their rows at once. */
public final class RequestsInBatch {

  private RequestsInBatch() {
  }

  /** Every event of the current batch, in order. */
  public static List<EventMessage<?>> messages() {
    UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
    List<?> messages = unitOfWork instanceof BatchingUnitOfWork<?> batch ? batch.getMessages()
        : List.of(unitOfWork.getMessage());
    List<EventMessage<?>> events = new ArrayList<>();
    for (Object message : messages) {
      if (message instanceof EventMessage<?> event) {
        events.add(event);
      }
    }
    return events;
  }

  public static String[] numbers() {
    Set<String> numbers = new LinkedHashSet<>();
    for (EventMessage<?> event : messages()) {
      if (RequestEvent.class.isAssignableFrom(event.getPayloadType())) {
        numbers.add(((RequestEvent) event.getPayload()).number());
      }
    }
    return numbers.toArray(String[]::new);
  }
}
