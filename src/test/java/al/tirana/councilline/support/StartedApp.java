package al.tirana.councilline.support;

import al.tirana.councilline.app.Application;
import io.vertx.core.Vertx;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test class the real application, started once on a fresh database before its first test and stopped
 * after its last, logged in as the administrator: the opening every end-to-end test class used to repeat.
 *
 * <pre>
 * &#64;StartedApp(settings = "SUBMISSION_THREADS=1")
 * class SomeTest {
 *   &#64;StartedApp.Node private static TestApp app;     // base URL, web client, JDBC, helpers
 *   &#64;StartedApp.Admin private static String admin;   // an administrator's bearer token
 *   &#64;StartedApp.Commission("Youth Commission") private static String youth;   // its id, requests go there
 *   &#64;StartedApp.Counselor(value = "Arta Hoxha", email = "arta.hoxha@tirana.al") private static String arta;
 * </pre>
 *
 * The fields are set before the class's own {@code @BeforeAll} methods run, and any test or lifecycle method may
 * take the node's {@link Vertx} as a parameter. A class that needs a cluster adds a {@link Peer}: a second node
 * on the same database, with the same settings.
 *
 * <p>A test that must not share its database with the class's other tests, or that needs settings of its own, takes
 * a {@link Fresh} node as a parameter instead (the class then needs no {@code @StartedApp}), and its fixture as the
 * parameters after it:
 *
 * <pre>
 * void headers(&#64;StartedApp.Fresh(settings = "CORS_ALLOWED_ORIGINS=https://portal.tirana.al") TestApp app)
 * void upcasts(&#64;StartedApp.Fresh TestApp app, &#64;StartedApp.Admin String admin,
 *     &#64;StartedApp.Commission("Youth Commission") String commission)
 * </pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(StartedApp.Extension.class)
public @interface StartedApp {

  /** Environment overrides as {@code NAME=value}, on top of {@link TestApp#env}'s test defaults. */
  String[] settings() default {};

  /** Runs the node on the Vert.x production runs on ({@link Application#createVertx}), with the metrics it serves. */
  boolean metrics() default false;

  /** A static {@link TestApp} field that receives the started node. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.FIELD)
  @interface Node {
  }

  /**
   * A {@link TestApp} parameter that receives a node of its own, started for that test alone on a fresh database
   * (with its own Vert.x) and stopped after it.
   */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.PARAMETER)
  @ExtendWith(StartedApp.Extension.class)
  @interface Fresh {
    /** Environment overrides as {@code NAME=value}, on top of {@link TestApp#env}'s test defaults. */
    String[] settings() default {};

    /** On the embedded PostgreSQL instead, its data in a temporary directory deleted after the test. */
    boolean embedded() default false;
  }

  /** A static {@link TestApp} field that receives a second node on the node's database, with the same settings. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.FIELD)
  @interface Peer {
  }

  /**
   * A static {@code String} field that receives the id of a commission of this name, created by the administrator;
   * as a test's parameter, one created for that test, on its {@link Fresh} node if it has one.
   */
  @Retention(RetentionPolicy.RUNTIME)
  @Target({ElementType.FIELD, ElementType.PARAMETER})
  @interface Commission {
    String value();

    /** Its policy areas: requests submitted by topic in them go to it. */
    String[] areas() default {};
  }

  /**
   * A static {@code String} field that receives the id of a counselor of this full name and official e-mail address,
   * a member of every commission the class's {@link Commission} fields made.
   */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.FIELD)
  @interface Counselor {
    String value();

    String email();
  }

  /** A static {@code String} field, or a test's parameter, that receives an administrator's bearer token. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target({ElementType.FIELD, ElementType.PARAMETER})
  @interface Admin {
  }

  /** Starts the node before all tests of the class, injects it, and stops it (and its Vert.x) after them. */
  final class Extension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(StartedApp.class);
    private static final String PEER = "peer";
    private static final String FRESH = "fresh";

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
      Class<?> testClass = context.getRequiredTestClass();
      StartedApp settings = testClass.getAnnotation(StartedApp.class);
      Map<String, String> env = TestApp.settings(settings == null ? new String[0] : settings.settings());
      Vertx vertx = settings != null && settings.metrics() ? Application.createVertx() : Vertx.vertx();
      context.getStore(NAMESPACE).put(Vertx.class, vertx);
      TestApp app = TestApp.onFreshDatabase(vertx, env);
      context.getStore(NAMESPACE).put(TestApp.class, app);
      String admin = app.adminToken();
      List<String> commissions = new ArrayList<>();
      List<Field> counselors = new ArrayList<>();
      for (Class<?> type = testClass; type != null; type = type.getSuperclass()) {
        for (Field field : type.getDeclaredFields()) {
          if (field.isAnnotationPresent(Counselor.class)) {
            counselors.add(field);
          } else if (field.isAnnotationPresent(Node.class)) {
            inject(field, app);
          } else if (field.isAnnotationPresent(Admin.class)) {
            inject(field, admin);
          } else if (field.isAnnotationPresent(Commission.class)) {
            Commission commission = field.getAnnotation(Commission.class);
            commissions.add(app.createCommission(admin, commission.value(), commission.areas()));
            inject(field, commissions.get(commissions.size() - 1));
          } else if (field.isAnnotationPresent(Peer.class)) {
            inject(field, peer(context, app, env));
          }
        }
      }
      // after the commissions, which they are members of
      for (Field field : counselors) {
        Counselor counselor = field.getAnnotation(Counselor.class);
        inject(field, app.createCounselor(admin, counselor.value(), counselor.email(),
            commissions.toArray(String[]::new)));
      }
    }

    private static TestApp peer(ExtensionContext context, TestApp app, Map<String, String> env) throws Exception {
      TestApp peer = context.getStore(NAMESPACE).get(PEER, TestApp.class);
      if (peer == null) {
        peer = TestApp.onDatabase(app.vertx(), app.databaseUrl(), env);
        context.getStore(NAMESPACE).put(PEER, peer);
      }
      return peer;
    }

    private static void inject(Field field, Object value) throws IllegalAccessException {
      if (!Modifier.isStatic(field.getModifiers())) {
        throw new IllegalStateException(field + " must be static: the node is shared by the class's tests");
      }
      field.setAccessible(true);
      field.set(null, value);
    }

    @Override
    public void afterAll(ExtensionContext context) {
      TestApp peer = context.getStore(NAMESPACE).remove(PEER, TestApp.class);
      TestApp app = context.getStore(NAMESPACE).remove(TestApp.class, TestApp.class);
      Vertx vertx = context.getStore(NAMESPACE).remove(Vertx.class, Vertx.class);
      try {
        if (peer != null) {
          peer.close();
        }
      } finally {
        closeNodeAndVertx(app, vertx);
      }
    }

    private static void closeNodeAndVertx(TestApp app, Vertx vertx) {
      try {
        if (app != null) {
          app.close();
        }
      } finally {
        if (vertx != null) {
          vertx.close().await();
        }
      }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      Class<?> type = parameter.getParameter().getType();
      if (parameter.isAnnotated(Fresh.class)) {
        return type == TestApp.class;
      }
      if (parameter.isAnnotated(Admin.class) || parameter.isAnnotated(Commission.class)) {
        return type == String.class;
      }
      // only where this extension started the class's node: a class with a Fresh node may resolve its Vert.x otherwise
      return (type == Vertx.class || type == TestApp.class) && find(context, type) != null;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      Optional<Fresh> fresh = parameter.findAnnotation(Fresh.class);
      if (fresh.isPresent()) {
        return fresh(context, fresh.get());
      }
      Class<?> type = parameter.getParameter().getType();
      if (type == String.class) {
        FreshNode node = context.getStore(NAMESPACE).get(FRESH, FreshNode.class);
        TestApp app = node != null ? node.app() : (TestApp) find(context, TestApp.class);
        if (app == null) {
          throw new ParameterResolutionException(parameter.getParameter() + " needs a Fresh node before it, "
              + "or a @StartedApp class");
        }
        String admin = app.adminToken();
        return parameter.findAnnotation(Commission.class)
            .map(commission -> app.createCommission(admin, commission.value(), commission.areas())).orElse(admin);
      }
      return find(context, type);
    }

    private static TestApp fresh(ExtensionContext context, Fresh fresh) {
      Vertx vertx = Vertx.vertx();
      Path dataDir = null;
      TestApp app;
      try {
        dataDir = fresh.embedded() ? Files.createTempDirectory("councilline-test-data") : null;
        app = dataDir != null ? TestApp.embedded(vertx, dataDir, fresh.settings())
            : TestApp.onFreshDatabase(vertx, TestApp.settings(fresh.settings()));
      } catch (Exception failure) {
        vertx.close().await();
        delete(dataDir);
        throw new ParameterResolutionException("the application did not start", failure);
      }
      // the test's store closes it when the test ends
      context.getStore(NAMESPACE).put(FRESH, new FreshNode(app, vertx, dataDir));
      return app;
    }

    /** A test's own node, its Vert.x, and the embedded database's directory if it has one. */
    private record FreshNode(TestApp app, Vertx vertx, Path dataDir) implements AutoCloseable {

      @Override
      public void close() {
        try {
          closeNodeAndVertx(app, vertx);
        } finally {
          delete(dataDir);
        }
      }
    }

    private static void delete(Path directory) {
      if (directory == null) {
        return;
      }
      try (Stream<Path> files = Files.walk(directory)) {
        files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static Object find(ExtensionContext context, Class<?> type) {
      for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
        Object value = c.getStore(NAMESPACE).get(type);
        if (value != null) {
          return value;
        }
      }
      return null;
    }
  }
}
