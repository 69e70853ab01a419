package al.tirana.councilline.feed;

import al.tirana.councilline.identity.Authentication;
import al.tirana.councilline.platform.axon.AxonWiring;
import al.tirana.councilline.platform.axon.tuning.Tuning.Pace;
import al.tirana.councilline.platform.module.FeatureModule;
import al.tirana.councilline.platform.module.Node;
import al.tirana.councilline.request.InboxRoutes;

/** The public council activity feed, the accountability timelines, and the live streams (SSE and WebSocket). */
public final class FeedModule implements FeatureModule {

  @Override
  public void axon(AxonWiring axon) {
    axon.streaming(FeedProjection.NAME, Pace.LIVE, true, c -> new FeedProjection(axon.sql()))
        .streaming(AccountabilityProjection.NAME, Pace.LIVE, true, c -> new AccountabilityProjection(axon.sql()));
  }

  @Override
  public void wire(Node node) {
    LiveTopics topics = new LiveTopics(node.hub(), node.pool(), node.get(InboxRoutes.class));
    node.routes(new FeedRoutes(node.pool()))
        .routes(new LiveRoutes(topics))
        .routes(new LiveSocket(topics, node.get(Authentication.class)));
  }
}
