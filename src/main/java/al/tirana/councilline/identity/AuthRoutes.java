package al.tirana.councilline.identity;

import al.tirana.councilline.shared.Role;
import al.tirana.councilline.platform.http.ClientAddress;
import al.tirana.councilline.platform.http.Http;
import al.tirana.councilline.platform.http.Operation;
import al.tirana.councilline.platform.http.RateLimiter;
import al.tirana.councilline.platform.http.Routes;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Login and account administration. */
record AuthRoutes(Accounts accounts, RateLimiter logins) implements Routes {

  @Operation("login")
  private void login(RoutingContext ctx) {
    JsonObject body = Http.body(ctx);
    Http.reply(ctx, 200, logins.acquire(ClientAddress.limitKey(ctx), "login attempts")
        .compose(allowed -> accounts.login(body.getString("username"), body.getString("password"),
            ClientAddress.of(ctx), ClientAddress.limitKey(ctx))));
  }

  @Operation("listUsers")
  private void listUsers(RoutingContext ctx) {
    Http.reply(ctx, 200, accounts.list());
  }

  @Operation("refreshToken")
  private void refresh(RoutingContext ctx) {
    String refreshToken = Http.body(ctx).getString("refreshToken");
    Http.reply(ctx, 200, logins.acquire(ClientAddress.limitKey(ctx), "token refreshes")
        .compose(allowed -> accounts.refresh(refreshToken)));
  }

  @Operation("changePassword")
  private void changePassword(RoutingContext ctx) {
    Caller caller = Caller.current(ctx);
    JsonObject body = Http.body(ctx);
    Http.reply(ctx, 204, accounts.changePassword(caller, body.getString("currentPassword"),
        body.getString("newPassword")).map(""));
  }

  @Operation("deactivateUser")
  private void deactivate(RoutingContext ctx) {
    Caller admin = Caller.current(ctx);
    Http.reply(ctx, 204, accounts.deactivate(admin, ctx.pathParam("username")).map(""));
  }

  @Operation("reactivateUser")
  private void reactivate(RoutingContext ctx) {
    Caller admin = Caller.current(ctx);
    Http.reply(ctx, 204, accounts.reactivate(admin, ctx.pathParam("username")).map(""));
  }

  @Operation("logout")
  private void logout(RoutingContext ctx) {
    Caller caller = Caller.current(ctx);
    io.vertx.ext.auth.User user = ctx.get(Authentication.USER);
    if (user.principal().getBoolean("external", false)) {
      Http.send(ctx, 204, ""); // the identity provider owns external sessions
      return;
    }
    // the denylist entry may go once the token would have expired anyway
    Long exp = user.attributes().getJsonObject("accessToken", new io.vertx.core.json.JsonObject()).getLong("exp");
    long expiresAt = exp != null ? exp : java.time.Instant.now().getEpochSecond() + accounts.tokenMinutes() * 60L;
    Http.reply(ctx, 204, accounts.logout(caller.username(), user.principal().getString("jti"), expiresAt).map(""));
  }

  @Operation("createUser")
  private void createUser(RoutingContext ctx) {
    JsonObject body = Http.body(ctx);
    Http.reply(ctx, 201, accounts.create(body.getString("username"), body.getString("password"),
        Role.valueOf(body.getString("role")), body.getString("counselorId"), Caller.current(ctx).actor()));
  }
}
