package al.tirana.councilline.identity;

import al.tirana.councilline.platform.http.ClientAddress;
import al.tirana.councilline.platform.http.Http;
import al.tirana.councilline.platform.http.Operation;
import al.tirana.councilline.platform.http.Routes;
import io.vertx.ext.web.RoutingContext;

/** The token signing keys: rotation by an administrator, and the public keys for anyone who verifies tokens. */
public record KeyRoutes(SigningKeys keys) implements Routes {

  @Operation("rotateSigningKey")
  private void rotate(RoutingContext ctx) {
    Http.reply(ctx, 201, keys.rotate(Caller.current(ctx), ClientAddress.of(ctx)));
  }

  @Operation("jwks")
  private void jwks(RoutingContext ctx) {
    keys.jwks().onSuccess(set -> {
      // verifiers may cache the set a little; a token naming a key they have not seen makes them fetch it again
      ctx.response().putHeader("Cache-Control", "public, max-age=60");
      Http.send(ctx, 200, set);
    }).onFailure(ctx::fail);
  }
}
