package al.tirana.councilline.request;

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

  public static String[] numbers() {
    UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
    List<?> messages = unitOfWork instanceof BatchingUnitOfWork<?> batch ? batch.getMessages()
        : List.of(unitOfWork.getMessage());
    Set<String> numbers = new LinkedHashSet<>();
    for (Object message : messages) {
      if (message instanceof EventMessage<?> event && RequestEvent.class.isAssignableFrom(event.getPayloadType())) {
        numbers.add(((RequestEvent) event.getPayload()).number());
      }
    }
    return numbers.toArray(String[]::new);
  }
}
