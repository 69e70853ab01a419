package al.tirana.councilline.identity;

import al.tirana.councilline.shared.Actor;
import al.tirana.councilline.shared.Role;
import al.tirana.councilline.platform.http.ApiException;
import io.vertx.ext.auth.User;
import io.vertx.ext.web.RoutingContext;
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

  /** The logged-in caller of an operation the access policy already admitted; 401 when anonymous. */
  public static Caller current(RoutingContext ctx) {
    return of(ctx).orElseThrow(() -> ApiException.unauthorized("Log in first"));
  }

  public boolean is(Role... roles) {
    return java.util.Arrays.asList(roles).contains(role);
  }

  public Actor actor() {
    return new Actor(username, role);
  }
}
