package al.tirana.councilline.platform.http;

import al.tirana.councilline.platform.config.Config;

import al.tirana.councilline.platform.observe.TraceIds;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The HTTP front door: the router is generated from the OpenAPI contract, so every documented request is validated
 * before a feature sees it; features mark their handlers with the operationId they answer ({@link Operation}).
 */
public final class HttpVerticle extends VerticleBase {

  private final Config config;
  private final AuthenticationHandler authentication;
  private final Function<String, Handler<RoutingContext>> authorization;
  /** The node's own operation (the health check) and the features'. */
  private final List<Routes> routes;
  private final HttpContract contract;
  private final ClientAddress clientAddress;
  private HttpServer server;

  /**
   * @param authorization the guard of each operation, by operationId
   * @param contract the node's contract, loaded once for all instances ({@link HttpContract#load})
   */
  public HttpVerticle(Config config, Pool pool, AuthenticationHandler authentication,
                      Function<String, Handler<RoutingContext>> authorization, List<Routes> features,
                      HttpContract contract) {
    this.config = config;
    this.authentication = authentication;
    this.authorization = authorization;
    this.routes = Stream.concat(Stream.of(new Health(pool)), features.stream()).toList();
    this.contract = contract;
    this.clientAddress = new ClientAddress(config.trustedProxies(), config.trustedProxyHeader());
  }

  @Override
  public Future<?> start() {
    Router router;
    try {
      router = router();
    } catch (RuntimeException ex) {
      // e.g. a feature mounting a handler on an operation the contract lacks: the deployment fails with the cause
      return Future.failedFuture(ex);
    }
    return new RequestDeadline(vertx, config.httpRequestTimeoutSeconds())
        .install(vertx.createHttpServer(serverOptions()).invalidRequestHandler(ErrorHandler::invalidRequest), router)
        .listen()
        .onSuccess(listening -> server = listening);
  }

  /**
   * HTTP/1.1, and HTTP/2 in cleartext (prior knowledge or upgrade) for a proxy or client that carries many live
   * streams over one connection: a node then holds as many subscribers as its memory allows, not one open file each.
   */
  private HttpServerOptions serverOptions() {
    // a connection silent for this long is closed; live streams write a heartbeat well within it
    return new HttpServerOptions().setPort(config.httpPort()).setHttp2ClearTextEnabled(true)
        .setIdleTimeout(config.httpIdleTimeoutSeconds())
        // a form field (an Open311 description) may be as long as a body; Vert.x would refuse one over 8 KiB
        .setMaxFormAttributeSize(config.bodyLimitBytes()).setMaxFormBufferedBytes(config.bodyLimitBytes());
  }

  private Router router() {
    RouterBuilder builder = RouterBuilder.create(vertx, contract.contract(), contract.extractor());
    builder.rootHandler(new TraceIds());
    builder.rootHandler(clientAddress);
    builder.rootHandler(new SecurityHeaders(config.corsAllowedOrigins()));
    builder.rootHandler(CleanText.requests());
    builder.rootHandler(BodyHandler.create(false).setBodyLimit(config.bodyLimitBytes()));
    builder.rootHandler(new MetricsGuard(config.metricsToken()));
    builder.rootHandler(authentication);
    contract.validation().install(builder);
    // authorization first, for every operation, from the one matrix
    builder.getRoutes().forEach(route -> route.addHandler(
        authorization.apply(route.getOperation().getOperationId())));
    OperationHandlers.mount(builder, routes);
    Router router = builder.createRouter();
    routes.forEach(feature -> feature.mount(router));
    router.get("/openapi.yaml").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "application/yaml").sendFile(HttpContract.PATH));
    router.route("/api/*").handler(ctx -> ctx.fail(ApiException.notFound("Resource " + ctx.request().path())));
    // the front end's files keep their names across releases, so browsers must revalidate them (304 when unchanged)
    router.route("/*").handler(ctx -> {
      ctx.addHeadersEndHandler(v -> ctx.response().headers().set("Cache-Control", "no-cache"));
      ctx.next();
    });
    router.route("/*").handler(StaticHandler.create("web").setIndexPage("index.html"));
    ErrorHandler errors = new ErrorHandler();
    router.route().failureHandler(errors);
    router.errorHandler(400, errors);
    router.errorHandler(404, errors);
    router.errorHandler(405, errors);
    router.errorHandler(413, errors);
    router.errorHandler(500, errors);
    return router;
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
