package al.tirana.councilline.request;

import al.tirana.councilline.identity.Caller;
import al.tirana.councilline.platform.axon.Commands;
import al.tirana.councilline.platform.http.Http;
import al.tirana.councilline.platform.http.Operation;
import al.tirana.councilline.platform.http.Routes;
import al.tirana.councilline.shared.Channel;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Staff publish a resolved request as a success story, with the citizen's recorded consent, or withdraw it. The
 * published stories are listed by the statistics ({@code stats/StatsRoutes}), which keep them.
 */
record SuccessStoryRoutes(Commands commands) implements Routes {

  @Operation("publishSuccessStory")
  private void publish(RoutingContext ctx) {
    Caller staff = Caller.current(ctx);
    JsonObject body = Http.body(ctx);
    Http.reply(ctx, 200, commands.send(new RequestCommand.PublishSuccessStory(ctx.pathParam("number"),
            body.getString("title"), body.getString("summary"), body.getBoolean("citizenConsented"),
            body.getString("consentNote"), staff.actor(), Channel.WEB))
        .map(done -> new JsonObject().put("number", ctx.pathParam("number")).put("published", true)));
  }

  @Operation("withdrawSuccessStory")
  private void withdraw(RoutingContext ctx) {
    Caller staff = Caller.current(ctx);
    Http.reply(ctx, 200, commands.send(new RequestCommand.WithdrawSuccessStory(ctx.pathParam("number"),
            staff.actor(), Channel.WEB))
        .map(done -> new JsonObject().put("number", ctx.pathParam("number")).put("published", false)));
  }
}
