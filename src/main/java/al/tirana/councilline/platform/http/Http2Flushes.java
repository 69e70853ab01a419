package al.tirana.councilline.platform.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.impl.Http2ServerConnection;

/**
 * Lets an HTTP/2 connection send what its streams wrote within one event-loop task with one flush. Vert.x 5.0
 * flushes the connection after every stream write made outside a read, so a change fanned out to the hundred SSE
 * streams of a connection cost a hundred socket writes of a few hundred bytes each (and the client a hundred reads).
 * Netty's {@link FlushConsolidationHandler}, placed between the HTTP/2 codec and the socket, turns the flushes of
 * one task into one, made right after the task (or after {@link #FLUSHES_PER_WRITE} of them); during a read Vert.x
 * already flushes once at its end. Vert.x offers no option for this, so it reaches the connection's pipeline through
 * its implementation class; a connection of another kind (HTTP/1.x) is left as it is.
 */
final class Http2Flushes {

  private static final int FLUSHES_PER_WRITE = 256;
  private static final String NAME = "councilline-flush-consolidation";

  private Http2Flushes() {
  }

  static void coalesce(HttpConnection connection) {
    if (connection instanceof Http2ServerConnection http2) {
      ChannelHandlerContext codec = http2.channelHandlerContext();
      if (codec.pipeline().get(NAME) == null) {
        codec.pipeline().addBefore(codec.name(), NAME, new FlushConsolidationHandler(FLUSHES_PER_WRITE, true));
      }
    }
  }
}
