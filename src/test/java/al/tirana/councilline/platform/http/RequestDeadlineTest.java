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
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The request deadline")
class RequestDeadlineTest {

  private static final int SOCKETS = 20;

  @Test
  @DisplayName("lets go of a connection as soon as it is upgraded to a WebSocket, so closed WebSockets do not stay "
      + "in memory")
  void forgetsUpgradedConnections() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      Context context = vertx.getOrCreateContext();
      // a deadline far off: an upgraded connection must be let go at once, not when its timer fires
      RequestDeadline deadline = new RequestDeadline(vertx, 60);
      Promise<HttpServer> listening = Promise.promise();
      context.runOnContext(v -> deadline.install(vertx.createHttpServer(new HttpServerOptions().setPort(0)),
              request -> {
                if (request.getHeader("Upgrade") == null) {
                  request.response().end("plain");
                } else {
                  request.toWebSocket().onSuccess(ws -> ws.textMessageHandler(ws::writeTextMessage));
                }
              })
          .listen().onComplete(listening));
      int port = listening.future().await().actualPort();

      try (Socket plain = new Socket("localhost", port)) {
        // a keep-alive connection answered once: watched until its next request arrives or the deadline passes
        plain.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(plain.getInputStream().readNBytes(17), StandardCharsets.US_ASCII))
            .isEqualTo("HTTP/1.1 200 OK\r\n");
        Await.until("the answered keep-alive connection is watched", () -> watched(context, deadline) == 1);
        WebSocketClient client = vertx.createWebSocketClient();
        List<WebSocket> sockets = new ArrayList<>();
        for (int i = 0; i < SOCKETS; i++) {
          WebSocket socket = client.connect(new WebSocketConnectOptions().setHost("localhost").setPort(port)
              .setURI("/ws")).await();
          assertThat(echo(socket, "ping " + i)).isEqualTo("ping " + i);
          sockets.add(socket);
        }
        // guarded by their idle timeout and pings from now on
        assertThat(watched(context, deadline)).as("only the keep-alive connection is watched, no upgraded one")
            .isEqualTo(1);
        for (WebSocket socket : sockets) {
          assertThat(echo(socket, "still open")).as("the WebSocket itself is left alone").isEqualTo("still open");
          socket.close().await();
        }
        client.close().await();
      }
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
