package al.tirana.councilline.platform.http;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.openapi.contract.OpenAPIContract;

/**
 * The OpenAPI contract, parsed and validated, with its request checks compiled: once per node, shared by every
 * {@link HttpVerticle} instance. Parsing, validating and compiling it is a good part of a start-up, so the node does
 * it once, on workers, while the database starts, instead of once per instance on the event loops. Everything here
 * is read-only once loaded, so the event loops may share it.
 */
public record HttpContract(OpenAPIContract contract, RequestExtractor extractor, ContractValidation validation) {

  /** The contract the router is generated from, also served as is at {@code /openapi.yaml}. */
  public static final String PATH = "openapi.yaml";

  /** The node's contract ({@link #PATH}); a contract that does not parse or validate fails with the library's cause. */
  public static Future<HttpContract> load(Vertx vertx) {
    return load(vertx, PATH);
  }

  static Future<HttpContract> load(Vertx vertx, String path) {
    Loader loader = new Loader(path);
    // a worker verticle, so that every step runs on workers: the library continues each of its own steps on the
    // context that started it, which from here would be an event loop, and parsing blocks it for a while
    return vertx.deployVerticle(loader, new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER))
        .compose(id -> vertx.undeploy(id))
        .map(v -> loader.loaded);
  }

  /** Loads the contract and compiles its checks when deployed, on its worker context. */
  private static final class Loader extends VerticleBase {

    private final String path;
    private HttpContract loaded;

    Loader(String path) {
      this.path = path;
    }

    @Override
    public Future<?> start() {
      return OpenAPIContract.from(vertx, path).map(contract -> {
        RequestExtractor extractor = RequestExtractor.withBodyHandler();
        loaded = new HttpContract(contract, extractor, new ContractValidation(vertx, contract, extractor));
        return loaded;
      });
    }
  }
}
