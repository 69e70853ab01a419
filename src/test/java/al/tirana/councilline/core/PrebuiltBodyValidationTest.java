package al.tirana.councilline.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.junit5.VertxExtension;
import io.vertx.openapi.contract.OpenAPIContract;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** BadInputTest checks the answers to bad bodies; this checks which operations get the prebuilt validator. */
@ExtendWith(VertxExtension.class)
@DisplayName("The prebuilt body validation")
class PrebuiltBodyValidationTest {

  @Test
  @DisplayName("checks a submission's JSON body itself and leaves operations with parameters or other bodies alone")
  void coversOperationsThatTakeOnlyAJsonBody(Vertx vertx) {
    OpenAPIContract contract = OpenAPIContract.from(vertx, "openapi.yaml").await();
    RouterBuilder builder = RouterBuilder.create(vertx, contract, RequestExtractor.withBodyHandler());

    PrebuiltBodyValidation.install(builder, contract);

    assertThat(builder.getRoute("submitRequest").doValidation()).isFalse();
    assertThat(builder.getRoute("submitRequest").getHandlers()).hasSize(1);
    assertThat(builder.getRoute("assignRequest").doValidation()).as("has a path parameter").isTrue();
    assertThat(builder.getRoute("assignRequest").getHandlers()).isEmpty();
    assertThat(builder.getRoute("importHolidays").doValidation()).as("takes an iCalendar file").isTrue();
  }
}
