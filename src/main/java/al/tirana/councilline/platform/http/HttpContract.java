package al.tirana.councilline.platform.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.openapi.contract.OpenAPIContract;

/**
 * The OpenAPI contract, parsed and validated, with its request checks compiled: once per node, shared by every
 * {@link HttpVerticle} instance. Parsing, validating and compiling it is a good part of a start-up, so the node does
 * it once, on workers, while the database starts, instead of once per instance on the event loops. Everything here
 * is read-only once loaded, so the event loops may share it.
 */
public final class HttpContract {

  /** The contract the router is generated from, also served as is at {@code /openapi.yaml}. */
  public static final String PATH = "openapi.yaml";

  private final OpenAPIContract contract;
  private final RequestExtractor extractor;
  private final ContractValidation validation;

  private HttpContract(OpenAPIContract contract, RequestExtractor extractor, ContractValidation validation) {
    this.contract = contract;
    this.extractor = extractor;
    this.validation = validation;
  }

  /** The node's contract ({@link #PATH}); a contract that does not parse or validate fails with the library's cause. */
  public static Future<HttpContract> load(Vertx vertx) {
    return load(vertx, PATH);
  }

  static Future<HttpContract> load(Vertx vertx, String path) {
    // the library parses and validates on workers itself; compiling the checks is plain CPU work, so a worker too
    return OpenAPIContract.from(vertx, path).compose(contract -> vertx.executeBlocking(() -> {
      RequestExtractor extractor = RequestExtractor.withBodyHandler();
      return new HttpContract(contract, extractor, new ContractValidation(vertx, contract, extractor));
    }, false));
  }

  OpenAPIContract contract() {
    return contract;
  }

  RequestExtractor extractor() {
    return extractor;
  }

  ContractValidation validation() {
    return validation;
  }
}
