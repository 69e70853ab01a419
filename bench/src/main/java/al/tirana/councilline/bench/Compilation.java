package al.tirana.councilline.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.LongUnaryOperator;
import java.util.stream.Stream;

/**
 * How busy a JVM's JIT compilers are, from the CPU time of its compiler threads in /proc. On this machine's two
 * cores the compilers are still taking a quarter of the CPU a minute into a load, so a figure taken after a fixed
 * ten seconds measured the compilers as much as the application; the runs warm up until they are quiet instead.
 */
final class Compilation {

  /** Compilers under this share of one core count as settled. */
  static final double SETTLED = 0.10;

  /** Linux reports thread CPU time in clock ticks of 1/100 s (USER_HZ) on every architecture Java runs on. */
  private static final long NANOS_PER_TICK = 10_000_000;

  private Compilation() {
  }

  /** What one warm-up took and how busy the busiest JVM's compilers were in its last round. */
  record Warmup(Duration took, double lastShare) {
    String describe() {
      return String.format("%d s, compilers at %.0f %% of a core in the last round", took.toSeconds(),
          lastShare * 100);
    }
  }

  /**
   * Runs {@code round} (each about {@code length} long) until the compilers of every process in {@code pids} took
   * under {@link #SETTLED} of a core during one, or {@code max} has passed.
   */
  static Warmup warmUp(List<Long> pids, Duration length, Duration max, Round round) throws Exception {
    return warmUp(Compilation::cpuNanos, pids, length, max, round);
  }

  /** {@link #warmUp(List, Duration, Duration, Round)} with the compilers' CPU time read by {@code compilers}. */
  static Warmup warmUp(LongUnaryOperator compilers, List<Long> pids, Duration length, Duration max, Round round)
      throws Exception {
    long started = System.nanoTime();
    double share;
    do {
      long[] before = pids.stream().mapToLong(compilers::applyAsLong).toArray();
      long roundStarted = System.nanoTime();
      round.run();
      long wall = Math.max(1, System.nanoTime() - roundStarted);
      share = 0;
      for (int i = 0; i < pids.size(); i++) {
        share = Math.max(share, (compilers.applyAsLong(pids.get(i)) - before[i]) / (double) wall);
      }
    } while (share >= SETTLED && System.nanoTime() - started + length.toNanos() <= max.toNanos());
    return new Warmup(Duration.ofNanos(System.nanoTime() - started), share);
  }

  /** One round of warm-up load. */
  interface Round {
    void run() throws Exception;
  }

  /** CPU time so far of the process's C1 and C2 compiler threads. */
  static long cpuNanos(long pid) {
    try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      return tasks.mapToLong(Compilation::compilerTicks).sum() * NANOS_PER_TICK;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long compilerTicks(Path task) {
    try {
      String name = Files.readString(task.resolve("comm")).trim();
      if (!name.startsWith("C1 Compiler") && !name.startsWith("C2 Compiler")) {
        return 0;
      }
      // the fields after the parenthesised name: utime and stime are the 12th and 13th
      String stat = Files.readString(task.resolve("stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    } catch (NoSuchFileException e) {
      return 0; // a compiler thread that ended between the listing and the read (the JVM adds and removes them)
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
