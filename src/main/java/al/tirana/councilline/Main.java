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

  public static void main(String[] args) {
    Config config = Config.fromEnv();
    Vertx vertx = Vertx.vertx();
    Application.start(vertx, config)
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
