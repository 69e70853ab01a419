package al.tirana.councilline.platform.db;

import io.vertx.core.Future;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * A {@link PollingWorker} that delivers its rows over HTTP (the WhatsApp Graph API): its Web Client opens
 * on the verticle's own context when the verticle starts, so requests and their answers stay on that event loop,
 * and closes when the node stops.
 */
public abstract class HttpDeliveryWorker extends PollingWorker {

  private final WebClientOptions options;
  private WebClient client;

  protected HttpDeliveryWorker(long periodMillis, OutageLog failures, WebClientOptions options) {
    super(periodMillis, failures);
    this.options = options;
  }

  @Override
  protected final Future<?> begin() {
    client = WebClient.create(vertx, options);
    return Future.succeededFuture();
  }

  @Override
  protected final Future<?> end() {
    client.close();
    return Future.succeededFuture();
  }

  protected final WebClient client() {
    return client;
  }
}
