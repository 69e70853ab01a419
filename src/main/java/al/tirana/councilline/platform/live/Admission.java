package al.tirana.councilline.platform.live;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A live subscriber's place on the node, taken before it gets anything and given back once, whichever way its
 * connection or stream ends (several of those ways may fire for the same end).
 */
public final class Admission {

  private final AtomicInteger taken;
  private final int weight;
  private final AtomicBoolean released = new AtomicBoolean();

  Admission(AtomicInteger taken, int weight) {
    this.taken = taken;
    this.weight = weight;
  }

  public void release() {
    if (released.compareAndSet(false, true)) {
      taken.addAndGet(-weight);
    }
  }
}
