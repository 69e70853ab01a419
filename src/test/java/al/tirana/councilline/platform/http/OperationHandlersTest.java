package al.tirana.councilline.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import al.tirana.councilline.platform.config.Config;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Handlers declared with @Operation")
class OperationHandlersTest {

  private HttpContract contract;
  private RouterBuilder builder;

  @BeforeEach
  void builder(Vertx vertx) {
    contract = HttpContract.load(vertx).await();
    builder = RouterBuilder.create(vertx, contract.contract(), contract.extractor());
  }

  /** Answers two operations, one of them with a private method, and records what it was asked. */
  static final class Requests implements Routes {

    final List<String> calls = new ArrayList<>();

    @Operation("assignRequest")
    private void assign(RoutingContext ctx) {
      calls.add("assign");
    }

    @Operation({"open311RequestsJson", "open311RequestsXml"})
    void requests(RoutingContext ctx) {
      calls.add("requests");
    }

    /** Not an operation: left alone. */
    void helper(RoutingContext ctx) {
      calls.add("helper");
    }
  }

  @Test
  @DisplayName("attach each annotated method, private ones included, to the operations it names, and nothing else")
  void attached() {
    Requests requests = new Requests();

    OperationHandlers.mount(builder, List.of(requests));

    handlers("assignRequest").forEach(handler -> handler.handle(null));
    handlers("open311RequestsJson").forEach(handler -> handler.handle(null));
    handlers("open311RequestsXml").forEach(handler -> handler.handle(null));
    assertThat(requests.calls).containsExactly("assign", "requests", "requests");
    // an operation no feature answers keeps only the platform's handlers, as before (here: none)
    assertThat(handlers("acknowledgeRequest")).isEmpty();
  }

  @Test
  @DisplayName("call the object they were mounted with, when objects of one class are mounted on several routers")
  void boundToTheirObject(Vertx vertx) {
    Requests first = new Requests();
    Requests second = new Requests();
    RouterBuilder other = RouterBuilder.create(vertx, contract.contract(), contract.extractor());

    OperationHandlers.mount(builder, List.of(first));
    OperationHandlers.mount(other, List.of(second));
    other.getRoute("assignRequest").getHandlers().forEach(handler -> handler.handle(null));

    assertThat(first.calls).isEmpty();
    assertThat(second.calls).containsExactly("assign");
  }

  @Test
  @DisplayName("go through the feature's own wrapper, e.g. Open311's error documents")
  void wrapped() {
    List<String> calls = new ArrayList<>();
    Routes feature = new Routes() {
      @Operation("assignRequest")
      void assign(RoutingContext ctx) {
        calls.add("handler");
      }

      @Override
      public Handler<RoutingContext> around(Handler<RoutingContext> handler) {
        return ctx -> {
          calls.add("wrapper");
          handler.handle(ctx);
        };
      }
    };

    OperationHandlers.mount(builder, List.of(feature));
    handlers("assignRequest").forEach(handler -> handler.handle(null));

    assertThat(calls).containsExactly("wrapper", "handler");
  }

  static final class Unknown implements Routes {

    @Operation("assignRequestz")
    void assign(RoutingContext ctx) {
    }
  }

  @Test
  @DisplayName("fail the start-up, naming the method, when one answers an operation the contract lacks")
  void unknownOperation() {
    assertThatThrownBy(() -> OperationHandlers.mount(builder, List.of(new Unknown())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(Unknown.class.getName() + ".assign answers operation assignRequestz, which the contract lacks");
  }

  static final class Twice implements Routes {

    @Operation("assignRequest")
    void assign(RoutingContext ctx) {
    }
  }

  @Test
  @DisplayName("fail the start-up, naming both methods, when two answer the same operation")
  void twoHandlers() {
    assertThatThrownBy(() -> OperationHandlers.mount(builder, List.of(new Requests(), new Twice())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Operation assignRequest has two handlers: " + Requests.class.getName() + ".assign and "
            + Twice.class.getName() + ".assign");
  }

  static final class WrongShape implements Routes {

    @Operation("assignRequest")
    String assign(RoutingContext ctx) {
      return "";
    }
  }

  @Test
  @DisplayName("fail the start-up when an annotated method is not void name(RoutingContext ctx)")
  void wrongShape() {
    assertThatThrownBy(() -> OperationHandlers.mount(builder, List.of(new WrongShape())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(WrongShape.class.getName() + ".assign must be an instance method void assign(RoutingContext ctx) "
            + "to answer an operation");
  }

  @Test
  @DisplayName("make the HTTP verticle's deployment fail with that message")
  void deploymentFails(Vertx vertx) {
    HttpContract contract = HttpContract.load(vertx).await();

    assertThatThrownBy(() -> vertx.deployVerticle(new HttpVerticle(Config.from(Map.of("HTTP_PORT", "0")), null,
            ctx -> ctx.next(), operation -> ctx -> ctx.next(), List.of(new Unknown()), contract)).await())
        .hasMessageContaining("answers operation assignRequestz, which the contract lacks");
  }

  private List<Handler<RoutingContext>> handlers(String operationId) {
    return builder.getRoute(operationId).getHandlers();
  }
}
