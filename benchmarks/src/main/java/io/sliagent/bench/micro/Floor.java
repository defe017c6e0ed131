package io.sliagent.bench.micro;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * What any measurement of a call costs at the least, whatever records it: two clock reads, and
 * the per-thread nesting depth the dispatcher keeps (a ThreadLocal lookup on enter and on exit).
 */
@State(Scope.Thread)
public class Floor extends MicroDefaults {

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
