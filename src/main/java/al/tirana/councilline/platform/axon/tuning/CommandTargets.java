package al.tirana.councilline.platform.axon.tuning;

import java.lang.reflect.AnnotatedElement;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.ReflectionUtils;
import org.axonframework.common.annotation.AnnotationUtils;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.IdentifierMissingException;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;

/**
 * Axon's annotation-based target resolver, without its cost for commands that create an aggregate. For those (a
 * submission: {@code @CreationPolicy(ALWAYS)}, no {@code @TargetAggregateIdentifier}) Axon asks the resolver anyway
 * and takes the failure as "no target yet" (an {@link IdentifierMissingException}, or Axon's own resolver's
 * IllegalArgumentException with its wording): each time that resolver had listed the command's methods by
 * reflection and built the exception with its stack trace and a formatted message (its cost is in BENCHMARKS.md).
 * Whether a command type names a target is known once per type; a command that names one is resolved by Axon's own
 * resolver, so a target left null is refused exactly as before.
 */
public final class CommandTargets implements CommandTargetResolver {

  private final CommandTargetResolver annotations = AnnotationCommandTargetResolver.builder().build();
  /** Looks where Axon's resolver looks (its ReflectionUtils: superclasses and interfaces too), once per type. */
  private final ClassValue<Boolean> namesTarget = new ClassValue<>() {
    @Override
    protected Boolean computeValue(Class<?> type) {
      return Stream.concat(StreamSupport.stream(ReflectionUtils.fieldsOf(type).spliterator(), false),
          StreamSupport.stream(ReflectionUtils.methodsOf(type).spliterator(), false))
          .anyMatch(CommandTargets::isTarget);
    }
  };

  /** "No target", as Axon's resolver says it; without a stack trace, as nothing but Axon ever sees it. */
  private static final class NoTarget extends IdentifierMissingException {
    NoTarget(Class<?> type) {
      super("Invalid command. It does not identify the target aggregate: " + type.getName()
          + " has no @TargetAggregateIdentifier");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }

  @Override
  public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
    if (!namesTarget.get(command.getPayloadType())) {
      throw new NoTarget(command.getPayloadType());
    }
    return annotations.resolveTarget(command);
  }

  private static boolean isTarget(AnnotatedElement member) {
    return AnnotationUtils.isAnnotationPresent(member, TargetAggregateIdentifier.class);
  }
}
