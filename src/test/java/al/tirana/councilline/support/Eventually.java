package al.tirana.councilline.support;

import java.util.concurrent.Callable;

/** Waits for asynchronous effects (projections, timers, mails) without fixed sleeps. */
public final class Eventually {

  private Eventually() {
  }

  /** Polls the condition until it holds, failing the test after {@link Await#TIMEOUT}. */
  public static void eventually(Callable<Boolean> condition) throws Exception {
    Await.until("condition", condition);
  }
}
