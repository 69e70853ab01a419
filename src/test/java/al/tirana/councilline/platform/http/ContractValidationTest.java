package al.tirana.councilline.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.junit5.VertxExtension;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.RequestValidator;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.ValidatableRequestImpl;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** BadInputTest checks the answers to bad requests end to end; this checks that they are the library's. */
@ExtendWith(VertxExtension.class)
@DisplayName("The contract validation built at start-up")
class ContractValidationTest {

  private static final String NUMBER = "TR-2026-000042";

  private static OpenAPIContract contract;

  @BeforeAll
  static void load(Vertx vertx) {
    contract = OpenAPIContract.from(vertx, "openapi.yaml").await();
  }

  @Test
  @DisplayName("takes the check of every operation over from the library, which then checks nothing twice")
  void coversEveryOperation(Vertx vertx) {
    RouterBuilder builder = RouterBuilder.create(vertx, contract, RequestExtractor.withBodyHandler());

    ContractValidation.install(vertx, builder, contract, RequestExtractor.withBodyHandler());

    assertThat(builder.getRoutes()).hasSizeGreaterThan(50).allSatisfy(route -> {
      assertThat(route.doValidation()).as(route.getOperation().getOperationId()).isFalse();
      assertThat(route.getHandlers()).as(route.getOperation().getOperationId()).hasSize(1);
    });
    assertThat(builder.getRoutes()).extracting(OpenAPIRoute::getOperation).extracting(o -> o.getOperationId())
        .contains("submitRequest", "assignRequest", "auditAsOf", "withdrawRequest", "getInbox", "importHolidays");
  }

  @Test
  @DisplayName("accepts and refuses path, query and header parameters and bodies exactly as the library does")
  void sameOutcomesAsTheLibrary(Vertx vertx) {
    RequestValidator library = RequestValidator.create(vertx, contract);
    ContractValidation ours = new ContractValidation(vertx, contract, RequestExtractor.withBodyHandler());
    List<Case> cases = List.of(
        new Case("auditAsOf", Map.of("number", NUMBER), Map.of("asOf", "2026-12-01T10:00:00Z"), Map.of(), null, false),
        new Case("auditAsOf", Map.of("number", NUMBER), Map.of(), Map.of(), null, false),
        new Case("auditAsOf", Map.of("number", "TR-2026-42"), Map.of(), Map.of(), null, true),
        new Case("auditAsOf", Map.of(), Map.of(), Map.of(), null, true),
        new Case("auditAsOf", Map.of("number", NUMBER), Map.of("asOf", "x".repeat(41)), Map.of(), null, true),
        new Case("getInbox", Map.of(), Map.of("priority", "URGENT"), Map.of(), null, false),
        new Case("getInbox", Map.of(), Map.of("priority", "SOON"), Map.of(), null, true),
        new Case("withdrawRequest", Map.of("number", NUMBER), Map.of(), Map.of("X-Access-Code", "k3y"), "{}", false),
        new Case("withdrawRequest", Map.of("number", NUMBER), Map.of(), Map.of(), "{}", true),
        new Case("withdrawRequest", Map.of("number", NUMBER), Map.of(), Map.of("X-Access-Code", ""), null, true),
        new Case("assignRequest", Map.of("number", NUMBER), Map.of(), Map.of(), "{\"counselorId\":\"c-1\"}", false),
        new Case("assignRequest", Map.of("number", NUMBER), Map.of(), Map.of(), "{\"counselorId\":7}", true),
        new Case("assignRequest", Map.of("number", NUMBER), Map.of(), Map.of(), "{\"counselorId\":\"c\",", true),
        new Case("assignRequest", Map.of("number", NUMBER), Map.of(), Map.of(), null, true),
        new Case("submitRequest", Map.of(), Map.of(), Map.of(), "{\"kind\":\"PROPOSAL\"}", true),
        new Case("submitRequest", Map.of(), Map.of(), Map.of(), "[]", true));

    for (Case c : cases) {
      Outcome theirs = library.validate(c.request(), c.operation())
          .transform(done -> Future.succeededFuture(Outcome.of(done))).await();
      Outcome mine;
      try {
        mine = Outcome.of(Future.succeededFuture(ours.validate(c.request(), contract.operation(c.operation()))));
      } catch (RuntimeException refused) {
        mine = Outcome.of(Future.failedFuture(refused));
      }
      assertThat(theirs.refusal() != null).as("%s is refused", c).isEqualTo(c.refused());
      assertThat(mine).as(c.toString()).isEqualTo(theirs);
    }
  }

  private record Case(String operation, Map<String, String> path, Map<String, String> query,
                      Map<String, String> headers, String json, boolean refused) {

    ValidatableRequest request() {
      RequestParameter body = json == null ? null : new RequestParameterImpl(Buffer.buffer(json));
      return new ValidatableRequestImpl(Map.of(), parameters(headers), parameters(path), parameters(query), body,
          json == null ? null : "application/json");
    }

    private static Map<String, RequestParameter> parameters(Map<String, String> values) {
      Map<String, RequestParameter> parameters = new HashMap<>();
      values.forEach((name, value) -> parameters.put(name, new RequestParameterImpl(value)));
      return parameters;
    }
  }

  /** What a check gave: the values it passed on, or the class and message of its refusal. */
  private record Outcome(String refusal, Map<String, Object> values) {

    static Outcome of(io.vertx.core.AsyncResult<ValidatedRequest> result) {
      if (result.failed()) {
        return new Outcome(result.cause().getClass().getName() + ": " + result.cause().getMessage(), null);
      }
      ValidatedRequest validated = result.result();
      Map<String, Object> values = new HashMap<>();
      validated.getPathParameters().forEach((k, v) -> values.put("path " + k, v.get()));
      validated.getQuery().forEach((k, v) -> values.put("query " + k, v.get()));
      validated.getHeaders().forEach((k, v) -> values.put("header " + k, v.get()));
      values.put("body", validated.getBody() == null ? null : String.valueOf(validated.getBody().get()));
      return new Outcome(null, values);
    }
  }
}
