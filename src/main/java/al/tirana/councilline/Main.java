package al.tirana.councilline;

import al.tirana.councilline.app.Application;
import al.tirana.councilline.platform.config.Config;
import al.tirana.councilline.platform.runtime.ShutdownOrder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts one CouncilLine node with the configuration from the environment. */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {
  }

  /** {@code --verify}: re-hashes the event log along its seal chain, prints the verdict, exits 0 when intact. */
  private static void verifyAndExit(Config config) throws Exception {
    try (al.tirana.councilline.platform.db.Database database = al.tirana.councilline.platform.db.Database.open(config)) {
      io.vertx.core.json.JsonObject result = al.tirana.councilline.audit.ChainVerifier.verify(database.dataSource());
      System.out.println(result.encodePrettily());
      System.exit("OK".equals(result.getString("status")) ? 0 : 2);
    }
  }

  /** {@code --rebuild=feed,inbox} replays those projections from the event log after start-up. */
  static java.util.List<String> rebuildRequested(String[] args) {
    return java.util.Arrays.stream(args)
        .filter(arg -> arg.startsWith("--rebuild="))
        .flatMap(arg -> java.util.Arrays.stream(arg.substring("--rebuild=".length()).split(",")))
        .map(String::trim)
        .filter(name -> !name.isEmpty())
        .toList();
  }

  public static void main(String[] args) throws Exception {
    Config config = Config.fromEnv();
    if (java.util.Arrays.asList(args).contains("--verify")) {
      verifyAndExit(config);
      return;
    }
    Vertx vertx = Application.createVertx();
    Future<Application> started = Application.start(vertx, config);
    // registered before the start completes, so a stop during start-up waits for it and then stops in order
    ShutdownOrder.onShutdown(() -> stop(started, vertx));
    boolean demo = config.demo() || java.util.Arrays.asList(args).contains("--demo");
    started
        .onSuccess(app -> rebuildRequested(args).forEach(name -> app.projections().start(name)
            .onFailure(err -> LOG.error("Could not rebuild projection {}", name, err))))
        .onSuccess(app -> {
          if (demo) {
            // a demo refused (the database holds requests) ends the node, as a refused start does
            al.tirana.councilline.guidance.Demo.start(vertx, app.axon(), app.database(),
                java.time.Duration.ofSeconds(4)).onFailure(err -> {
              if (err instanceof al.tirana.councilline.platform.runtime.StartRefused) {
                LOG.error("The demo refuses to run: {}", err.getMessage());
              } else {
                LOG.error("The demo could not be set up", err);
              }
              new Thread(() -> System.exit(1), "exit").start();
            });
          }
        })
        .onFailure(err -> {
          if (err instanceof al.tirana.councilline.platform.runtime.StartRefused refused) {
            LOG.error("CouncilLine refuses to start: {}", refused.getMessage());
          } else {
            LOG.error("CouncilLine could not start", err);
          }
          vertx.close();
          // from a thread of its own: System.exit runs the shutdown hooks, and a stop already under way (SIGTERM
          // during the start) waits for this future's listeners on this very event loop
          new Thread(() -> System.exit(1), "exit").start();
        });
  }

  /** The application, then Vert.x; the embedded database stops with the application, after everything using it. */
  private static void stop(Future<Application> started, Vertx vertx) {
    if (started.failed()) {
      // the failed start closed what it had opened, and its handler ends the process from the event loop: awaiting
      // the future here would wait for that very event loop, held by System.exit until this hook returns
      return;
    }
    try {
      started.await().stop().await();
    } catch (Exception ex) {
      if (started.failed()) {
        // the failed start closed what it had opened, and the start's own handler ends the process
        return;
      }
      LOG.warn("Shutdown was not clean", ex);
    }
    vertx.close().await();
  }
}
