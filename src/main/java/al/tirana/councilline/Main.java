package al.tirana.councilline;

import al.tirana.councilline.core.Application;
import al.tirana.councilline.core.Config;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts one CouncilLine node with the configuration from the environment. */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {
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

  public static void main(String[] args) {
    Config config = Config.fromEnv();
    Vertx vertx = Vertx.vertx();
    Application.start(vertx, config)
        .onSuccess(app -> rebuildRequested(args).forEach(name -> app.projections().start(name)
            .onFailure(err -> LOG.error("Could not rebuild projection {}", name, err))))
        .onSuccess(app -> Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          try {
            app.stop().await();
          } catch (Exception ex) {
            LOG.warn("Shutdown was not clean", ex);
          }
          vertx.close().await();
        }, "shutdown")))
        .onFailure(err -> {
          LOG.error("CouncilLine could not start", err);
          vertx.close();
          System.exit(1);
        });
  }
}
