package io.sliagent.bench.e2e;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code CompletableFuture.supplyAsync}: a batch of {@value #BATCH} on a one-thread fork-join
 * pool named {@code bench} (the common pool is not used: on 2 cores its parallelism is 1 and
 * {@code supplyAsync} starts a thread per task instead), joined; time and allocation per task.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(2)
@State(Scope.Thread)
public class SupplyAsyncTasks {

  static final int BATCH = 100;
  private static final Supplier<Integer> ONE = () -> 1;

  private ForkJoinPool pool;
  private final CompletableFuture<?>[] futures = new CompletableFuture<?>[BATCH];

  @Setup
  public void open() {
    pool = new ForkJoinPool(1, p -> {
      ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
      t.setName("bench-" + t.getPoolIndex());
      return t;
    }, null, false);
  }

  @TearDown
  public void close() {
    pool.shutdown();
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int supplyAsync() {
    for (int i = 0; i < BATCH; i++) {
      futures[i] = CompletableFuture.supplyAsync(ONE, pool);
    }
    int sum = 0;
    for (CompletableFuture<?> f : futures) {
      sum += (Integer) f.join();
    }
    return sum;
  }
}
