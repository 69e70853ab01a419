package al.tirana.councilline.platform.axon.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.IdentifierMissingException;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Resolving a command's target aggregate")
class CommandTargetsTest {

  record Create(String name) {
  }

  record Change(@TargetAggregateIdentifier String number, String what) {
  }

  interface Targeted {
    @TargetAggregateIdentifier
    String number();
  }

  record ChangeByInterface(String number) implements Targeted {
  }

  private final CommandTargets targets = new CommandTargets();

  @Test
  @DisplayName("tells a command that creates an aggregate it names none, in the exception Axon reads as \"no target\"")
  void creationNamesNoTarget() {
    var create = GenericCommandMessage.asCommandMessage(new Create("a submission"));
    assertThatThrownBy(() -> AnnotationCommandTargetResolver.builder().build().resolveTarget(create))
        .as("Axon's own resolver, whose message its command handler looks for").isInstanceOf(
            IllegalArgumentException.class).hasMessageContaining("It does not identify the target aggregate.");
    assertThatThrownBy(() -> targets.resolveTarget(create))
        .as("the exception Axon's command handler catches first").isInstanceOf(IdentifierMissingException.class)
        .hasMessageContaining("It does not identify the target aggregate")
        .satisfies(missing -> assertThat(missing.getStackTrace()).as("stack trace").isEmpty());
  }

  @Test
  @DisplayName("resolves a command on an existing aggregate to the identifier it names")
  void changeNamesItsTarget() {
    var target = targets.resolveTarget(GenericCommandMessage.asCommandMessage(new Change("TR-2026-000001", "x")));
    assertThat(target.getIdentifier()).isEqualTo("TR-2026-000001");
    assertThat(target.getVersion()).isNull();
  }

  @Test
  @DisplayName("finds a target named on an interface the command implements, where Axon's resolver finds it")
  void targetOnInterface() {
    var change = GenericCommandMessage.asCommandMessage(new ChangeByInterface("TR-2026-000002"));
    assertThat(AnnotationCommandTargetResolver.builder().build().resolveTarget(change).getIdentifier())
        .as("Axon's own resolver").isEqualTo("TR-2026-000002");
    assertThat(targets.resolveTarget(change).getIdentifier()).isEqualTo("TR-2026-000002");
  }

  @Test
  @DisplayName("refuses a command whose named target is missing, by Axon's own resolver")
  void missingTargetIsRefused() {
    assertThatThrownBy(() -> targets.resolveTarget(GenericCommandMessage.asCommandMessage(new Change(null, "x"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[Change]");
  }
}
