package al.tirana.councilline.identity;

import al.tirana.councilline.core.ApiException;
import io.vertx.ext.auth.User;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.Optional;

/** The authenticated account behind an HTTP call, read from its verified token. */
public record Caller(String username, Role role, String counselorId) {

  public static Optional<Caller> of(RoutingContext ctx) {
    User user = ctx.get(Authentication.USER);
    return user == null ? Optional.empty() : Optional.of(from(user));
  }

  public static Caller from(User user) {
    return new Caller(user.principal().getString("sub"), Role.valueOf(user.principal().getString("role")),
        user.principal().getString("counselorId"));
  }

  /** The caller, who must hold one of the roles: 401 when anonymous, 403 when the role does not fit. */
  public static Caller require(RoutingContext ctx, Role... roles) {
    Caller caller = of(ctx).orElseThrow(() -> ApiException.unauthorized("Log in first"));
    if (Arrays.stream(roles).noneMatch(r -> r == caller.role())) {
      throw ApiException.forbidden("A " + caller.role() + " may not do this");
    }
    return caller;
  }

  public boolean is(Role... roles) {
    return Arrays.asList(roles).contains(role);
  }

  public Actor actor() {
    return new Actor(username, role);
  }
}
