package io.sliagent.instrumentation.executor;

import io.sliagent.api.CallHandler;
import io.sliagent.api.Endpoint;
import io.sliagent.api.EndpointAttributes;
import io.sliagent.api.Recorder;
import io.sliagent.api.Signal;
import io.sliagent.api.Slots;
import io.sliagent.bootstrap.Bridge;
import io.sliagent.bootstrap.Slot;
import java.lang.ref.WeakReference;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The pools and their tasks: each pool's state ({@link Pool}) lives in its slot, each task's
 * submission time in its own slot where its class has one ({@code FutureTask}, {@code
 * ForkJoinTask}: every {@code submit}, {@code schedule}, {@code CompletableFuture.*Async} and
 * fork) and otherwise in its pool's {@link StampTable}. A task's queue wait runs from submission
 * (a scheduled task: from when it was due) to the start of its run.
 */
final class Pools {

  /** A forked task's stamp while it runs: its run is measured and ends in {@link #ranFork}. */
  private static final long RUNNING = Long.MIN_VALUE;
  /** Recordings of a pool kept until it has a name. */
  static final int MAX_PENDING = 256;
  static final byte WAITED = 0;
  static final byte RAN = 1;
  static final byte REJECTED = 2;

  /** Submissions between two looks at whether the stamp table needs a sweep. */
  private static final int SWEEP_EVERY = 256;

  private final Recorder recorder;
  private final Slots pools = new Slots();
  private final Slots tasks = new Slots();
  /** The task of {@code CompletableFuture} whose function just failed on this thread, and why. */
  private final ThreadLocal<Object[]> asyncFailure = new ThreadLocal<>();
  /** Until one fails, no task's end needs to look at {@link #asyncFailure}. */
  private volatile boolean anyAsyncFailure;

  Pools(Recorder recorder) {
    this.recorder = recorder;
  }

  /** One pool: how it is named and where its tasks are recorded. */
  final class Pool {
    final WeakReference<Object> executor;
    final String creator;
    final boolean ignored;
    final StampTable stamps = new StampTable();
    /** Its tasks wait from when they were due: the JDK's scheduled pool, or one built on it. */
    final boolean scheduled;
    volatile Endpoint endpoint;
    private int submissions;
    /** The class of the last task seen without a slot (see {@link #slotOf}); racy, harmless. */
    private Class<?> plainTasks;

    Pool(Object executor, String creator, boolean ignored) {
      this.executor = new WeakReference<>(executor);
      this.creator = creator;
      this.ignored = ignored;
      this.scheduled = executor instanceof ScheduledThreadPoolExecutor;
    }

    /**
     * {@code task}'s slot, or null where its class has none (a lambda). The last class without
     * one is remembered, because a test against an interface that fails scans the class's
     * interfaces each time before Java 23 (about 10 ns on Java 17, twice a task): a pool given
     * the same lambda's tasks over and over then pays one class comparison.
     */
    Slot slotOf(Object task) {
      Class<?> c = task.getClass();
      if (c == plainTasks) {
        return null;
      }
      if (task instanceof Slot) {
        return (Slot) task;
      }
      plainTasks = c;
      return null;
    }

    /**
     * The endpoint, named the first time from the running thread when it is the pool's; null
     * when it has no name yet and this thread cannot give one (a rejection on the submitting
     * thread, a thread outside a fork-join pool running one of its tasks while it waits for
     * it): the caller then {@link #defer}s.
     */
    Endpoint endpoint(boolean onPoolThread) {
      Endpoint e = endpoint;
      if (e != null) {
        return e;
      }
      Object pool = executor.get();
      if (!onPoolThread && pool instanceof java.util.concurrent.ExecutorService
          && pool != ForkJoinPool.commonPool()
          && !((java.util.concurrent.ExecutorService) pool).isTerminated()) {
        return null;
      }
      return resolve(onPoolThread);
    }

    private synchronized Endpoint resolve(boolean onPoolThread) {
      if (endpoint != null) {
        return endpoint;
      }
      Object pool = executor.get();
      String name = pool != null && pool == ForkJoinPool.commonPool()
          ? ExecutorNames.COMMON_POOL
          : onPoolThread ? ExecutorNames.prefix(Thread.currentThread().getName()) : null;
      if (name == null) {
        name = creator != null ? creator : pool != null ? pool.getClass().getName() : "unknown";
      }
      Endpoint e = recorder.endpoint(name,
          n -> EndpointAttributes.builder().put("executor.name", n).build());
      gauges(e, pool);
      for (int i = 0; i < pendingCount; i++) {
        replay(e, pendingKind[i], pendingNanos[i], pendingErrors[i]);
      }
      pendingCount = 0;
      pendingKind = null;
      pendingNanos = null;
      pendingErrors = null;
      endpoint = e;
      return e;
    }

    private byte[] pendingKind;
    private long[] pendingNanos;
    private String[] pendingErrors;
    private int pendingCount;

    /**
     * Keeps a recording until the pool has a name; past {@link #MAX_PENDING} of them the pool is
     * named after its creator, so memory stays bounded.
     */
    void defer(byte kind, long nanos, String error) {
      Endpoint e;
      synchronized (this) {
        e = endpoint;
        if (e == null && pendingCount < MAX_PENDING) {
          if (pendingKind == null) {
            pendingKind = new byte[MAX_PENDING];
            pendingNanos = new long[MAX_PENDING];
            pendingErrors = new String[MAX_PENDING];
          }
          pendingKind[pendingCount] = kind;
          pendingNanos[pendingCount] = nanos;
          pendingErrors[pendingCount] = error;
          pendingCount++;
          return;
        }
      }
      replay(e != null ? e : resolve(false), kind, nanos, error);
    }

    private void gauges(Endpoint e, Object pool) {
      if (pool instanceof ThreadPoolExecutor) {
        e.observe(0, source(p -> ((ThreadPoolExecutor) p).getQueue().size()));
        e.observe(1, source(p -> ((ThreadPoolExecutor) p).getActiveCount()));
        e.observe(2, source(p -> ((ThreadPoolExecutor) p).getPoolSize()));
      } else if (pool instanceof ForkJoinPool) {
        e.observe(0, source(p -> ((ForkJoinPool) p).getQueuedTaskCount()
            + ((ForkJoinPool) p).getQueuedSubmissionCount()));
        e.observe(1, source(p -> ((ForkJoinPool) p).getActiveThreadCount()));
        e.observe(2, source(p -> ((ForkJoinPool) p).getPoolSize()));
      }
    }

    /** Read while the pool lives and runs; gone (-1) once it is collected or terminated. */
    private LongSupplier source(java.util.function.ToLongFunction<Object> read) {
      return () -> {
        Object p = executor.get();
        if (p == null || (p instanceof java.util.concurrent.ExecutorService
            && ((java.util.concurrent.ExecutorService) p).isTerminated())) {
          return -1;
        }
        return read.applyAsLong(p);
      };
    }

    /** Now and then: forget tasks that left the queue without running. */
    void maybeSweep(ThreadPoolExecutor tpe, long now) {
      if (++submissions % SWEEP_EVERY != 0) {
        return;
      }
      if (stamps.size() > 2 * (tpe.getQueue().size() + tpe.getPoolSize()) + SWEEP_EVERY) {
        stamps.sweep(tpe.getQueue(), now - TimeUnit.SECONDS.toNanos(1));
      }
    }
  }

  private static void replay(Endpoint e, byte kind, long nanos, String error) {
    if (kind == WAITED) {
      e.recordMeasure(Signal.QUEUE_WAIT, nanos);
    } else if (kind == RAN) {
      e.record(nanos, 0, error);
    } else {
      e.count(0, 1);
    }
  }

  /** Records into the pool's endpoint, or keeps it until the pool has a name. */
  private static void record(Pool pool, boolean onPoolThread, byte kind, long nanos,
      String error) {
    Endpoint e = pool.endpoint(onPoolThread);
    if (e != null) {
      replay(e, kind, nanos, error);
    } else {
      pool.defer(kind, nanos, error);
    }
  }

  /** The state of {@code executor}, made on first sight. */
  Pool pool(Object executor) {
    Object p = pools.get(executor);
    if (p instanceof Pool) {
      return (Pool) p;
    }
    return created(executor, null);
  }

  /** A pool was constructed (its constructors call each other: the first one counts). */
  synchronized Pool created(Object executor, String creator) {
    Object p = pools.get(executor);
    if (p instanceof Pool) {
      return (Pool) p;
    }
    // Not ignored when made on an agent thread: the common pool may first be touched there.
    // The agent's own pools are never measured all the same: their threads are the agent's.
    Pool pool = new Pool(executor, creator, isVirtualThreads(executor));
    pools.set(executor, pool);
    return pool;
  }

  /**
   * The scheduler of virtual threads is a {@code ForkJoinPool} whose tasks are the threads'
   * continuations, not the application's tasks: left alone.
   */
  private static boolean isVirtualThreads(Object executor) {
    return executor instanceof ForkJoinPool
        && ((ForkJoinPool) executor).getFactory().getClass().getName()
            .startsWith("java.lang.VirtualThread");
  }

  private static long now() {
    long now = System.nanoTime();
    return now == 0 || now == RUNNING ? 1 : now; // 0 and RUNNING mean something else
  }

  // ThreadPoolExecutor

  /** {@code execute(task)}: when its queue wait starts. */
  void submitted(Object executor, Object task) {
    if (task == null || Bridge.isAgentThread()) {
      return;
    }
    Pool pool = pool(executor);
    if (pool.ignored) {
      return;
    }
    long now = now();
    Slot slot = pool.slotOf(task);
    if (slot != null) {
      slot.sli$setLong(now);
    } else {
      pool.stamps.put(task, now);
      pool.maybeSweep((ThreadPoolExecutor) executor, now);
    }
  }

  /** {@code reject(task)}: counted, and its stamp forgotten. */
  void rejected(Object executor, Object task) {
    if (Bridge.isAgentThread()) {
      return; // the agent's own pool, refusing work at exit
    }
    Pool pool = pool(executor);
    if (pool.ignored) {
      return;
    }
    Slot slot = task != null ? pool.slotOf(task) : null;
    if (slot != null) {
      slot.sli$setLong(0);
    } else if (task != null) {
      pool.stamps.take(task);
    }
    record(pool, false, REJECTED, 0, null);
  }

  /** A worker starts {@code task}: its queue wait ends. */
  void started(Object executor, Object task, long now) {
    Pool pool = pool(executor);
    if (pool.ignored) {
      return;
    }
    long wait;
    boolean due = pool.scheduled && task instanceof Delayed;
    if (due) {
      // A scheduled task waits from when it was due: the delay left is minus that wait.
      wait = -((Delayed) task).getDelay(TimeUnit.NANOSECONDS);
    } else {
      long stamp;
      Slot s = pool.slotOf(task);
      if (s != null) {
        stamp = s.sli$getLong();
        s.sli$setLong(0);
      } else {
        stamp = pool.stamps.take(task);
      }
      wait = stamp == 0 ? -1 : now - stamp;
    }
    if (wait >= 0 || due) {
      record(pool, true, WAITED, Math.max(wait, 0), null);
    }
  }

  /** A worker's run of {@code task} ended. */
  void ran(Object executor, Object task, Throwable thrown, long start, long end) {
    Pool pool = pool(executor);
    if (pool.ignored) {
      return;
    }
    record(pool, true, RAN, end - start,
        thrown != null ? thrown.getClass().getName() : failureOf(task));
  }

  // ForkJoinPool

  /** A task entered one of {@code pool}'s queues. */
  void pushed(Object executor, Object task) {
    if (task == null || Bridge.isAgentThread()) {
      return;
    }
    Pool pool = pool(executor);
    if (pool.ignored) {
      return; // the virtual threads' scheduler: every mount of a virtual thread comes here
    }
    if (task instanceof Slot) {
      Slot s = (Slot) task;
      s.sli$set(executor);
      s.sli$setLong(now());
    } else {
      pool.stamps.put(task, now());
      tasks.set(task, pool); // a class loaded before the agent: rare
    }
  }

  /** {@code doExec} starts a task that was pushed: its queue wait ends. */
  void startedFork(Object task, long now) {
    Pool pool;
    long stamp;
    if (task instanceof Slot) {
      Slot s = (Slot) task;
      stamp = s.sli$getLong();
      if (stamp == 0 || stamp == RUNNING || !(s.sli$get() instanceof ForkJoinPool)) {
        return; // not pushed (invoked in place), or already running
      }
      s.sli$setLong(RUNNING);
      pool = pool(s.sli$get());
    } else {
      Object p = tasks.get(task);
      if (!(p instanceof Pool)) {
        return;
      }
      pool = (Pool) p;
      stamp = pool.stamps.take(task);
      if (stamp == 0) {
        return;
      }
      tasks.setLong(task, RUNNING);
    }
    if (pool.ignored) {
      return;
    }
    recordFork(pool, WAITED, Math.max(now - stamp, 0), null);
  }

  /** {@code doExec} ended: recorded when its start was. */
  void ranFork(Object task, Throwable thrown, long start, long end) {
    Pool pool;
    if (task instanceof Slot) {
      Slot s = (Slot) task;
      if (s.sli$getLong() != RUNNING) {
        return;
      }
      s.sli$setLong(0);
      pool = pool(s.sli$get());
    } else {
      if (tasks.getLong(task) != RUNNING) {
        return;
      }
      tasks.setLong(task, 0);
      pool = (Pool) tasks.get(task);
    }
    if (pool == null || pool.ignored) {
      return;
    }
    recordFork(pool, RAN, end - start,
        thrown != null ? thrown.getClass().getName() : failureOf(task));
  }

  /** As {@link #record}, asking whose thread this is only while the pool has no name. */
  private static void recordFork(Pool pool, byte kind, long nanos, String error) {
    Endpoint e = pool.endpoint;
    if (e != null) {
      replay(e, kind, nanos, error);
    } else {
      record(pool, onThreadOf(pool), kind, nanos, error);
    }
  }

  /** {@code execute}/{@code submit}/{@code invoke} of a {@code ForkJoinPool} refused a task. */
  void rejectedFork(Object executor) {
    Pool pool = pool(executor);
    if (!pool.ignored && !Bridge.isAgentThread()) {
      record(pool, false, REJECTED, 0, null);
    }
  }

  private static boolean onThreadOf(Pool pool) {
    Thread t = Thread.currentThread();
    return t instanceof ForkJoinWorkerThread
        && ((ForkJoinWorkerThread) t).getPool() == pool.executor.get();
  }

  // Outcomes

  /** A {@code CompletableFuture} task's function failed on this thread. */
  void asyncFailed(Object task, Object future) {
    Throwable cause = null;
    try {
      ((CompletableFuture<?>) future).getNow(null);
    } catch (CompletionException e) {
      cause = e.getCause() != null ? e.getCause() : e;
    } catch (CancellationException e) {
      cause = e;
    }
    if (cause != null) {
      anyAsyncFailure = true;
      asyncFailure.set(new Object[] {task, cause.getClass().getName()});
    }
  }

  /**
   * Why a task that returned normally failed: the JDK's tasks catch what their work throws and
   * keep it. Only the JDK's own classes are asked: a subclass's {@code get()} could block or do
   * anything.
   */
  private String failureOf(Object task) {
    Object[] async = anyAsyncFailure ? asyncFailure.get() : null;
    if (async != null) {
      asyncFailure.set(null);
      if (async[0] == task) {
        return (String) async[1];
      }
    }
    if (task instanceof ForkJoinTask) {
      ForkJoinTask<?> f = (ForkJoinTask<?>) task; // final methods: the JDK's own
      if (f.isCompletedAbnormally()) {
        Throwable t = f.getException();
        return t == null ? null : t.getClass().getName();
      }
      return null;
    }
    if (task instanceof FutureTask && task.getClass().getName().startsWith("java.util.concurrent.")) {
      FutureTask<?> f = (FutureTask<?>) task;
      if (f.isDone() && !f.isCancelled()) {
        try {
          f.get();
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          return (cause != null ? cause : e).getClass().getName();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (CancellationException e) {
          return null;
        }
      }
    }
    return null;
  }

  // The handlers

  CallHandler created() {
    return CallHandler.ofEvents((pool, a, r) -> {
      if (!(pools.get(pool) instanceof Pool)) { // the outermost of chained constructors
        created(pool, ExecutorNames.creator());
      }
    });
  }

  CallHandler submit() {
    return CallHandler.ofEvents((pool, task, r) -> submitted(pool, task));
  }

  CallHandler reject() {
    return CallHandler.ofEvents((pool, task, r) -> rejected(pool, task));
  }

  CallHandler run() {
    return new CallHandler() {
      @Override
      public void onBegin(Object pool, Object task, long startNanos) {
        started(pool, task, startNanos);
      }

      @Override
      public void onExit(Object pool, Object task, Object result, Throwable thrown,
          long startNanos, long endNanos) {
        ran(pool, task, thrown, startNanos, endNanos);
      }
    };
  }

  /** A thread-per-task executor's task was made: it waits for its thread from now. */
  CallHandler made() {
    return CallHandler.ofEvents((task, a, r) -> {
      if (task instanceof Slot && !Bridge.isAgentThread()) {
        ((Slot) task).sli$setLong(now());
      }
    });
  }

  CallHandler push() {
    return CallHandler.ofEvents((pool, task, r) -> pushed(pool, task));
  }

  CallHandler poolReject() {
    return CallHandler.ofEvents((pool, a, r) -> rejectedFork(pool));
  }

  CallHandler exec() {
    return new CallHandler() {
      @Override
      public void onBegin(Object none, Object task, long startNanos) {
        startedFork(task, startNanos);
      }

      @Override
      public void onExit(Object none, Object task, Object result, Throwable thrown,
          long startNanos, long endNanos) {
        ranFork(task, thrown, startNanos, endNanos);
      }
    };
  }

  CallHandler asyncFailed() {
    return CallHandler.ofEvents((task, future, r) -> asyncFailed(task, future));
  }
}
