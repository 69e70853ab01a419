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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Attaches the {@link Operation} methods of the features' {@link Routes} to the contract's operations. A class's
 * methods are found by reflection once, whatever the number of HTTP verticle instances; each becomes a handler as if
 * its feature had written {@code this::name}, so a request costs no reflection. An operation no feature answers keeps
 * only the platform's handlers, as before.
 */
final class OperationHandlers {

  /** A handler method: what it answers, and a factory of handlers bound to an instance of its class. */
  private record Declared(String name, String[] operations, MethodHandle factory) {
  }

  private static final ClassValue<List<Declared>> DECLARED = new ClassValue<>() {
    @Override
    protected List<Declared> computeValue(Class<?> type) {
      return declared(type);
    }
  };

  private OperationHandlers() {
  }

  /**
   * @throws IllegalStateException naming the method, when it answers an operation the contract lacks, an operation
   *     another method answers too, or is not {@code void name(RoutingContext ctx)}
   */
  static void mount(RouterBuilder builder, List<? extends Routes> features) {
    Map<String, String> answeredBy = new HashMap<>();
    for (Routes feature : features) {
      for (Declared method : DECLARED.get(feature.getClass())) {
        Handler<RoutingContext> handler = feature.around(bind(method, feature));
        for (String id : method.operations()) {
          OpenAPIRoute route = builder.getRoute(id);
          if (route == null) {
            throw new IllegalStateException(method.name() + " answers operation " + id + ", which the contract lacks");
          }
          String other = answeredBy.putIfAbsent(id, method.name());
          if (other != null) {
            throw new IllegalStateException("Operation " + id + " has two handlers: " + other + " and "
                + method.name());
          }
          route.addHandler(handler);
        }
      }
    }
  }

  private static List<Declared> declared(Class<?> type) {
    List<Declared> declared = new ArrayList<>();
    for (Method method : type.getDeclaredMethods()) {
      Operation operation = method.getAnnotation(Operation.class);
      if (operation != null) {
        String name = type.getName() + "." + method.getName();
        declared.add(new Declared(name, operation.value(), factory(type, method, name)));
      }
    }
    return declared;
  }

  /** A method handle making, from an instance of the class, a handler that calls the method on it. */
  private static MethodHandle factory(Class<?> type, Method method, String name) {
    if (Modifier.isStatic(method.getModifiers()) || method.getReturnType() != void.class
        || method.getParameterCount() != 1 || method.getParameterTypes()[0] != RoutingContext.class) {
      throw new IllegalStateException(name + " must be an instance method void " + method.getName()
          + "(RoutingContext ctx) to answer an operation");
    }
    try {
      // a lookup with the class's own access, so that its private methods may be handlers
      MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
      return LambdaMetafactory.metafactory(lookup, "handle", MethodType.methodType(Handler.class, type),
          MethodType.methodType(void.class, Object.class), lookup.unreflect(method),
          MethodType.methodType(void.class, RoutingContext.class)).getTarget();
    } catch (ReflectiveOperationException | java.lang.invoke.LambdaConversionException ex) {
      throw new IllegalStateException("Cannot attach " + name + " to its operation", ex);
    }
  }

  @SuppressWarnings("unchecked")
  private static Handler<RoutingContext> bind(Declared method, Routes feature) {
    try {
      return (Handler<RoutingContext>) method.factory().invoke(feature);
    } catch (Throwable ex) {
      throw new IllegalStateException("Cannot attach " + method.name() + " to its operation", ex);
    }
  }
}
