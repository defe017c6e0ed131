package io.sliagent.it.app;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An application with thread pools of every kind the JDK has, each given known work, printing
 * what happened to it (never timings):
 * <ul>
 *   <li>{@code report} (a ThreadPoolExecutor, 1 thread, queue of 3): 5 tasks of 200 ms given at
 *       once, so they wait 0, 200, 400 and 600 ms and the fifth is rejected; then a task that
 *       throws and a submitted one that throws;
 *   <li>{@code ticker} (a ScheduledThreadPoolExecutor): 3 scheduled tasks and one that throws;
 *   <li>{@code crunch} (a ForkJoinPool): a fork/join tree of 15 tasks, 10 submitted tasks and one
 *       that throws, 5 {@code supplyAsync} and one whose function throws;
 *   <li>the common pool: 5 tasks and one that throws;
 *   <li>{@code backlog} (1 thread, left busy with 2 tasks queued at exit), for the gauges;
 *   <li>{@code Executors.newFixedThreadPool}, named after this class, 2 tasks;
 *   <li>on Java 21 and later, {@code Executors.newVirtualThreadPerTaskExecutor()} (made in {@link
 *       VirtualTasks}, so named), 3 tasks and a submitted one that throws.
 * </ul>
 */
public final class ExecutorsApp {

  public static void main(String[] args) throws Exception {
    List<String> out = new ArrayList<>();

    ThreadPoolExecutor report = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(3), named("report"));
    int rejected = 0;
    for (int i = 0; i < 5; i++) {
      try {
        report.execute(() -> sleep(200));
      } catch (RejectedExecutionException e) {
        rejected++;
      }
    }
    await(report);
    report.execute(() -> {
      throw new IllegalArgumentException("a task that throws");
    });
    Future<?> failing = report.submit(() -> {
      throw new IllegalStateException("a submitted task that throws");
    });
    try {
      failing.get();
    } catch (ExecutionException e) {
      out.add("report submitted " + e.getCause().getClass().getSimpleName());
    }
    await(report);
    out.add("report rejected " + rejected);

    ScheduledExecutorService ticker = new ScheduledThreadPoolExecutor(1, named("ticker"));
    for (int i = 0; i < 3; i++) {
      ticker.schedule(() -> { }, 20, TimeUnit.MILLISECONDS).get();
    }
    try {
      ticker.schedule(() -> {
        throw new UnsupportedOperationException("a scheduled task that throws");
      }, 1, TimeUnit.MILLISECONDS).get();
    } catch (ExecutionException e) {
      out.add("ticker " + e.getCause().getClass().getSimpleName());
    }
    ticker.shutdown();

    ForkJoinPool crunch = new ForkJoinPool(2, pool -> {
      ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
      t.setName("crunch-" + t.getPoolIndex());
      return t;
    }, null, false);
    AtomicInteger nodes = new AtomicInteger();
    crunch.invoke(new Tree(3, nodes));
    out.add("crunch tree " + nodes.get());
    List<Future<Integer>> sums = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      int n = i;
      sums.add(crunch.submit(() -> n * n));
    }
    int total = 0;
    for (Future<Integer> f : sums) {
      total += f.get();
    }
    out.add("crunch sum " + total);
    try {
      crunch.submit(() -> {
        throw new IllegalStateException("a fork-join task that throws");
      }).get();
    } catch (ExecutionException e) {
      out.add("crunch " + e.getCause().getClass().getSimpleName());
    }
    int supplied = 0;
    for (int i = 0; i < 5; i++) {
      supplied += CompletableFuture.supplyAsync(() -> 1, crunch).get();
    }
    out.add("crunch supplied " + supplied);
    try {
      CompletableFuture.supplyAsync(() -> {
        throw new UnsupportedOperationException("an async function that throws");
      }, crunch).join();
    } catch (CompletionException e) {
      out.add("crunch " + e.getCause().getClass().getSimpleName());
    }
    crunch.shutdown();

    // Tasks given to the common pool itself: supplyAsync() would not use it on a machine where
    // its parallelism is 1 (2 cores), but start a thread per task.
    ForkJoinPool common = ForkJoinPool.commonPool();
    CountDownLatch five = new CountDownLatch(5);
    for (int i = 0; i < 5; i++) {
      common.execute(five::countDown);
    }
    five.await();
    try {
      common.submit(() -> {
        throw new ArithmeticException("a common-pool task that throws");
      }).get();
    } catch (ExecutionException e) {
      out.add("common " + e.getCause().getClass().getSimpleName());
    }

    var fixed = java.util.concurrent.Executors.newFixedThreadPool(1);
    fixed.submit(() -> { }).get();
    fixed.execute(() -> { });
    fixed.shutdown();
    fixed.awaitTermination(10, TimeUnit.SECONDS);

    if (Runtime.version().feature() >= 21) {
      out.add("virtual " + VirtualTasks.run());
    }

    ThreadPoolExecutor backlog = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), named("backlog"));
    CountDownLatch never = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    backlog.execute(() -> {
      started.countDown();
      try {
        never.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    started.await();
    backlog.execute(() -> { });
    backlog.execute(() -> { });

    System.out.println("outcomes " + out);
    System.out.flush();
    System.exit(0); // the backlog's thread is still busy: the gauges are read at this exit
  }

  /** Waits until the pool has run everything given so far. */
  private static void await(ThreadPoolExecutor pool) throws InterruptedException {
    while (pool.getActiveCount() > 0 || !pool.getQueue().isEmpty()) {
      Thread.sleep(10);
    }
    Thread.sleep(50); // the last task's end is recorded after it returns
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A binary tree of tasks, each forking both children: 2^(depth+1) - 1 tasks in all. */
  static final class Tree extends RecursiveAction {
    private final int depth;
    private final AtomicInteger nodes;

    Tree(int depth, AtomicInteger nodes) {
      this.depth = depth;
      this.nodes = nodes;
    }

    @Override
    protected void compute() {
      nodes.incrementAndGet();
      if (depth > 0) {
        Tree left = new Tree(depth - 1, nodes);
        Tree right = new Tree(depth - 1, nodes);
        left.fork();
        right.fork();
        left.join();
        right.join();
      }
    }
  }

  /** Virtual threads, by reflection: this class is compiled for Java 11. */
  public static final class VirtualTasks {
    static String run() throws Exception {
      java.util.concurrent.ExecutorService virtual = (java.util.concurrent.ExecutorService)
          java.util.concurrent.Executors.class.getMethod("newVirtualThreadPerTaskExecutor")
              .invoke(null);
      CountDownLatch three = new CountDownLatch(3);
      for (int i = 0; i < 3; i++) {
        virtual.execute(three::countDown);
      }
      three.await();
      String failed;
      try {
        virtual.submit(() -> {
          throw new IllegalStateException("a virtual thread's task that throws");
        }).get();
        failed = "none";
      } catch (ExecutionException e) {
        failed = e.getCause().getClass().getSimpleName();
      }
      virtual.shutdown();
      virtual.awaitTermination(10, TimeUnit.SECONDS);
      return failed;
    }
  }
}
