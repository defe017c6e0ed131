package io.sliagent.bench.e2e;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * {@code ThreadPoolExecutor.execute}: a batch of {@value #BATCH} tasks given to a one-thread pool
 * named {@code bench}, waited for; the time and allocation per task. The tasks are distinct
 * objects made once (as a lambda capturing nothing would be one), so what is measured is the
 * pool's and the agent's work per task, not the tasks' creation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(2)
@State(Scope.Thread)
public class ThreadPoolTasks {

  static final int BATCH = 100;

  private ThreadPoolExecutor pool;
  private Task[] tasks;
  private volatile CountDownLatch done;

  final class Task implements Runnable {
    @Override
    public void run() {
      done.countDown();
    }
  }

  @Setup
  public void open() {
    AtomicInteger n = new AtomicInteger();
    pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        r -> new Thread(r, "bench-" + n.incrementAndGet()));
    tasks = new Task[BATCH];
    for (int i = 0; i < BATCH; i++) {
      tasks[i] = new Task();
    }
  }

  @TearDown
  public void close() {
    pool.shutdown();
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long execute() throws InterruptedException {
    CountDownLatch batch = new CountDownLatch(BATCH);
    done = batch;
    for (Task t : tasks) {
      pool.execute(t);
    }
    batch.await();
    return batch.getCount();
  }
}
