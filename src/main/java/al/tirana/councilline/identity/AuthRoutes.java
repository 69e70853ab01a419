package al.tirana.councilline.identity;

import al.tirana.councilline.core.Http;
import al.tirana.councilline.core.Routes;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** Login and account administration. */
public final class AuthRoutes implements Routes {

  private final Accounts accounts;
  private final al.tirana.councilline.core.RateLimiter logins;

  public AuthRoutes(Accounts accounts, al.tirana.councilline.core.RateLimiter logins) {
    this.accounts = accounts;
    this.logins = logins;
  }

  @Override
  public void mount(RouterBuilder builder) {
    builder.getRoute("login").addHandler(this::login);
    builder.getRoute("createUser").addHandler(this::createUser);
  }

  private void login(RoutingContext ctx) {
    logins.acquire(ctx.request().remoteAddress().hostAddress(), "login attempts");
    JsonObject body = Http.body(ctx);
    Http.reply(ctx, 200, accounts.login(body.getString("username"), body.getString("password"))
        .map(token -> new JsonObject().put("token", token).put("expiresInMinutes", Accounts.TOKEN_MINUTES)));
  }

  private void createUser(RoutingContext ctx) {
    Caller.require(ctx, Role.ADMIN);
    JsonObject body = Http.body(ctx);
    Http.reply(ctx, 201, accounts.create(body.getString("username"), body.getString("password"),
        Role.valueOf(body.getString("role")), body.getString("counselorId")));
  }
}
