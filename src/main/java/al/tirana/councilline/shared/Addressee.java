package al.tirana.councilline.shared;

import java.util.Objects;

/** A counselor or a commission: whom a request is addressed or assigned to. */
public record Addressee(Type type, String id) {

  public enum Type { COUNSELOR, COMMISSION }

  public Addressee {
    Objects.requireNonNull(type, "addressee type");
    Objects.requireNonNull(id, "addressee id");
  }

  public static Addressee counselor(String id) {
    return new Addressee(Type.COUNSELOR, id);
  }

  public static Addressee commission(String id) {
    return new Addressee(Type.COMMISSION, id);
  }
}
