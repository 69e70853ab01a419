package al.tirana.councilline.platform.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Attaches the {@link Operation} methods of the features' {@link Routes} to the contract's operations. The methods
 * are found by reflection once, at start-up; each becomes a handler as if its feature had written
 * {@code this::name}, so a request costs no reflection. An operation no feature answers keeps only the platform's
 * handlers, as before.
 */
final class OperationHandlers {

  private OperationHandlers() {
  }

  /**
   * @throws IllegalStateException naming the method, when it answers an operation the contract lacks, an operation
   *     another method answers too, or is not {@code void name(RoutingContext ctx)}
   */
  static void mount(RouterBuilder builder, List<? extends Routes> features) {
    Map<String, String> answeredBy = new HashMap<>();
    for (Routes feature : features) {
      for (Method method : feature.getClass().getDeclaredMethods()) {
        Operation operation = method.getAnnotation(Operation.class);
        if (operation == null) {
          continue;
        }
        String name = feature.getClass().getName() + "." + method.getName();
        Handler<RoutingContext> handler = feature.around(handler(feature, method, name));
        for (String id : operation.value()) {
          OpenAPIRoute route = builder.getRoute(id);
          if (route == null) {
            throw new IllegalStateException(name + " answers operation " + id + ", which the contract lacks");
          }
          String other = answeredBy.putIfAbsent(id, name);
          if (other != null) {
            throw new IllegalStateException("Operation " + id + " has two handlers: " + other + " and " + name);
          }
          route.addHandler(handler);
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Handler<RoutingContext> handler(Routes feature, Method method, String name) {
    if (Modifier.isStatic(method.getModifiers()) || method.getReturnType() != void.class
        || method.getParameterCount() != 1 || method.getParameterTypes()[0] != RoutingContext.class) {
      throw new IllegalStateException(name + " must be an instance method void " + method.getName()
          + "(RoutingContext ctx) to answer an operation");
    }
    try {
      // a lookup with the feature's own access, so that its private methods may be handlers
      MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(feature.getClass(), MethodHandles.lookup());
      MethodHandle target = lookup.unreflect(method);
      return (Handler<RoutingContext>) LambdaMetafactory.metafactory(lookup, "handle",
              MethodType.methodType(Handler.class, feature.getClass()), MethodType.methodType(void.class, Object.class),
              target, MethodType.methodType(void.class, RoutingContext.class))
          .getTarget().invoke(feature);
    } catch (Throwable ex) {
      throw new IllegalStateException("Cannot attach " + name + " to its operation", ex);
    }
  }
}
