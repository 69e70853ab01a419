package al.tirana.councilline.platform.http;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a handler method of a {@link Routes} object, {@code void name(RoutingContext ctx)}, as the answer to the
 * contract's operation of this operationId (openapi.yaml), or to each of several that differ only in the format of
 * their answer. The platform attaches it once, at start-up.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Operation {

  /** The operationId in openapi.yaml. */
  String[] value();
}
