package al.tirana.councilline.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import al.tirana.councilline.support.Await;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The request deadline")
class RequestDeadlineTest {

  private static final int SOCKETS = 20;

  @Test
  @DisplayName("lets go of connections upgraded to WebSockets, so closed WebSockets do not stay in memory")
  void forgetsUpgradedConnections() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      Context context = vertx.getOrCreateContext();
      RequestDeadline deadline = new RequestDeadline(vertx, 1);
      Promise<HttpServer> listening = Promise.promise();
      context.runOnContext(v -> deadline.install(vertx.createHttpServer(new HttpServerOptions().setPort(0)),
              request -> request.toWebSocket().onSuccess(ws -> ws.textMessageHandler(ws::writeTextMessage)))
          .listen().onComplete(listening));
      int port = listening.future().await().actualPort();

      WebSocketClient client = vertx.createWebSocketClient();
      List<WebSocket> sockets = new ArrayList<>();
      for (int i = 0; i < SOCKETS; i++) {
        WebSocket socket = client.connect(new WebSocketConnectOptions().setHost("localhost").setPort(port)
            .setURI("/ws")).await();
        assertThat(echo(socket, "ping " + i)).isEqualTo("ping " + i);
        sockets.add(socket);
      }
      assertThat(watched(context, deadline)).as("each new connection is watched").isEqualTo(SOCKETS);
      // answered past the deadline: an upgraded connection is guarded by its idle timeout and pings from now on
      Await.until("every upgraded connection is let go", Duration.ofSeconds(10),
          () -> watched(context, deadline) == 0);
      for (WebSocket socket : sockets) {
        assertThat(echo(socket, "still open")).as("the WebSocket itself is left alone").isEqualTo("still open");
        socket.close().await();
      }
      client.close().await();
    } finally {
      vertx.close().await();
    }
  }

  private static String echo(WebSocket socket, String text) {
    Promise<String> answer = Promise.promise();
    socket.textMessageHandler(answer::tryComplete);
    socket.writeTextMessage(text);
    return answer.future().await();
  }

  private static int watched(Context context, RequestDeadline deadline) {
    Promise<Integer> count = Promise.promise();
    context.runOnContext(v -> count.complete(deadline.watched()));
    return count.future().await();
  }
}
