package io.sliagent.bench.micro;

import io.sliagent.api.Signal;
import io.sliagent.bootstrap.Bridge;
import io.sliagent.bootstrap.Slot;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the agent adds to one task of a thread pool, on one thread, without the pool's own work
 * (its queue, the hand-off to a worker): the bridge calls the changed JDK code makes, with the
 * real dispatcher and executor handler behind them.
 * <ul>
 *   <li>{@code threadPoolLambda}: {@code execute} of a task whose class has no slot (a lambda:
 *       its submission time goes through the pool's identity table), then the worker's run;
 *   <li>{@code threadPoolFutureTask}: {@code execute} of a task with a slot, as every {@code
 *       submit}, {@code invokeAll} and {@code CompletableFuture.*Async} on such a pool gives it
 *       (a {@code FutureTask} or {@code ForkJoinTask}), then the worker's run;
 *   <li>{@code forkJoinTask}: the push of a fork-join task (its time in the task's slot), then
 *       {@code doExec}: what {@code supplyAsync} and every fork cost.
 * </ul>
 * The pools are subclasses with a slot, as the JDK's are once the agent loaded them.
 */
public class DispatchExecutor extends MicroDefaults {

  @Param({"false", "true"})
  public boolean objectives;

  private AgentFixture agent;
  private SlotPool pool;
  private SlotForkJoinPool forkJoin;
  private final Runnable lambda = () -> { };
  private final SlotTask task = new SlotTask();
  private final SlotFutureTask futureTask = new SlotFutureTask();

  /** A pool as the agent leaves {@code ThreadPoolExecutor}: with a slot. */
  static final class SlotPool extends ThreadPoolExecutor implements Slot {
    private volatile Object slot;
    private long number; // plain, as the agent adds it

    SlotPool() {
      super(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
          r -> new Thread(r, "bench-1"));
    }

    @Override public Object sli$get() {
      return slot;
    }

    @Override public void sli$set(Object value) {
      slot = value;
    }

    @Override public long sli$getLong() {
      return number;
    }

    @Override public void sli$setLong(long value) {
      number = value;
    }
  }

  /** A fork-join pool with a slot. */
  static final class SlotForkJoinPool extends ForkJoinPool implements Slot {
    private volatile Object slot;
    private long number; // plain, as the agent adds it

    SlotForkJoinPool() {
      super(1, p -> {
        var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
        t.setName("bench-" + t.getPoolIndex());
        return t;
      }, null, false);
    }

    @Override public Object sli$get() {
      return slot;
    }

    @Override public void sli$set(Object value) {
      slot = value;
    }

    @Override public long sli$getLong() {
      return number;
    }

    @Override public void sli$setLong(long value) {
      number = value;
    }
  }

  /** A fork-join task with a slot, as {@code ForkJoinTask} has once the agent loaded it. */
  static final class SlotTask extends ForkJoinTask<Void> implements Slot {
    private volatile Object slot;
    private long number; // plain, as the agent adds it

    @Override public Void getRawResult() {
      return null;
    }

    @Override protected void setRawResult(Void value) {}

    @Override protected boolean exec() {
      return true;
    }

    @Override public Object sli$get() {
      return slot;
    }

    @Override public void sli$set(Object value) {
      slot = value;
    }

    @Override public long sli$getLong() {
      return number;
    }

    @Override public void sli$setLong(long value) {
      number = value;
    }
  }

  /**
   * A task with a slot for a {@code ThreadPoolExecutor}, as {@code FutureTask} has once the agent
   * loaded it (a class of the benchmark's own: the agent reads the outcome of the JDK's only).
   */
  static final class SlotFutureTask extends SlotObject implements Runnable {
    @Override public void run() {}
  }

  @Setup
  public void setUp() {
    // The pool is named after the thread that runs its tasks: here, this one.
    Thread.currentThread().setName("bench-1");
    agent = new AgentFixture(objectives);
    pool = new SlotPool();
    forkJoin = new SlotForkJoinPool();
  }

  @Benchmark
  public void threadPoolLambda() {
    Bridge.event(agent.executorSubmit, pool, lambda, null);
    // ... the queue, a worker takes the task ...
    Bridge.run(lambda, pool, agent.executorRun);
  }

  @Benchmark
  public void threadPoolFutureTask() {
    Bridge.event(agent.executorSubmit, pool, futureTask, null);
    Bridge.run(futureTask, pool, agent.executorRun);
  }

  @Benchmark
  public void forkJoinTask() {
    Bridge.event(agent.executorPush, forkJoin, task, null);
    // ... a worker takes the task and runs doExec ...
    long start = Bridge.begin(agent.executorExec, null, task);
    Bridge.end(agent.executorExec, null, task, null, start);
  }

  @TearDown
  public void check() {
    pool.shutdown();
    forkJoin.shutdown();
    long runs = 0;
    for (var e : agent.recording.registry(Signal.EXECUTOR).endpoints()) {
      runs += AgentFixture.calls(e);
    }
    if (runs < 1000) {
      throw new IllegalStateException("the pools recorded " + runs + " tasks");
    }
    if (objectives && agent.sloEvents() < runs) { // queue-wait and success of each task
      throw new IllegalStateException(runs + " tasks but " + agent.sloEvents() + " SLI events");
    }
  }
}
