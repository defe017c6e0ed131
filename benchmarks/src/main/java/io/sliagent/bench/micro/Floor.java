package io.sliagent.bench.micro;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What any measurement of a call costs at the least, whatever records it: two clock reads, and
 * the per-thread nesting depth the dispatcher keeps (a ThreadLocal lookup on enter and on exit).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(2)
@State(Scope.Thread)
public class Floor {

  private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[3]);

  @Benchmark
  public long nanoTimePair() {
    long start = System.nanoTime();
    return System.nanoTime() - start;
  }

  /** The dispatcher's bookkeeping: depth raised on enter, lowered on exit, one lookup each. */
  @Benchmark
  public int depthThreadLocal() {
    int[] depth = DEPTH.get();
    depth[2] = 1;
    int[] again = DEPTH.get();
    return --again[2];
  }
}
