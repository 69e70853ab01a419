package al.tirana.councilline.feed;

import al.tirana.councilline.identity.Caller;
import al.tirana.councilline.platform.http.ApiException;
import al.tirana.councilline.platform.live.Admission;
import al.tirana.councilline.platform.live.LiveHub;
import al.tirana.councilline.platform.live.LiveStream;
import al.tirana.councilline.platform.live.Subscription;
import al.tirana.councilline.request.InboxRoutes;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.function.Supplier;

/**
 * What a live client can follow, whichever protocol carries it (SSE, {@link LiveRoutes}, or WebSocket,
 * {@link LiveSocket}): a request's public timeline, the public feed, or the inbox the caller may see. Each resumes
 * after a position by replaying the read model, then follows live.
 */
record LiveTopics(LiveHub hub, Pool pool, InboxRoutes inbox) {

  /** Bytes a slow client may have queued before it is disconnected (it then resumes from its last id). */
  static final int MAX_QUEUED_BYTES = 4 * 1024 * 1024;

  /**
   * A request's timeline; without a position the client gets the whole public timeline first. The sink is made
   * only once the request is known, so an unknown number can still be refused with an ordinary error.
   */
  Future<Subscription> request(String number, Long since, Supplier<Subscription.Sink> sink) {
    return requestExists(number).map(v -> hub.subscribe(LiveStream.TRACKING, since == null ? 0L : since,
        item -> number.equals(item.number()), "number = $2", List.of(number), sink.get()));
  }

  /** A place on the node for a subscriber (two with a connection of its own), or a 503 refusal (LiveHub). */
  Admission admit(boolean ownConnection) {
    return hub.admit(ownConnection);
  }

  Subscription feed(Long since, Subscription.Sink sink) {
    return hub.subscribe(LiveStream.FEED, since, item -> true, null, List.of(), sink);
  }

  /** The changes of the inbox the caller may read, as the inbox's HTTP read scopes it; the sink made once known. */
  Future<Subscription> inbox(Caller caller, Long since, Supplier<Subscription.Sink> sinks) {
    return inbox.scope(caller).map(scope -> {
      Subscription.Sink sink = sinks.get();
      if (scope.everything()) {
        return hub.subscribe(LiveStream.INBOX, since, item -> true, null, List.of(), sink);
      }
      return hub.subscribe(LiveStream.INBOX, since,
          item -> scope.covers(item.addresseeType(), item.addresseeId(), item.assigneeType(), item.assigneeId()),
          scope.sqlCondition(2, 3), List.of(scope.counselorId(), scope.commissionIds().toArray(new String[0])),
          sink);
    });
  }

  private Future<Void> requestExists(String number) {
    return pool.preparedQuery("SELECT 1 FROM request_view WHERE number = $1 AND NOT spam").execute(Tuple.of(number))
        .map(rows -> {
          if (rows.size() == 0) {
            throw ApiException.notFound("Request " + number);
          }
          return null;
        });
  }
}
