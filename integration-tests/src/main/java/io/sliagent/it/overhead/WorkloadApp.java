package io.sliagent.it.overhead;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * A service-like application at saturation: THREADS threads in a closed loop, each operation one
 * HTTP GET to the downstream server and one prepared SELECT on in-memory H2, cycling through
 * {@link Endpoints}' 50 paths and 50 tables. After WARMUP_S seconds it measures for MEASURE_S
 * seconds, then prints one line: {@code overhead-result key=value ...}. Besides throughput, it
 * says where CPU went while measured, which is far steadier than throughput on a noisy machine:
 * JIT compilation, GC, and the Java threads the workload did not start (an agent's).
 * Arguments: HTTP_PORT THREADS WARMUP_S MEASURE_S
 */
public final class WorkloadApp {

  static final String DB_URL = "jdbc:h2:mem:workload;DB_CLOSE_DELAY=-1";
  static final String RESULT = "overhead-result";

  private WorkloadApp() {}

  public static void main(String[] args) throws Exception {
    int threads = Integer.parseInt(args[1]);
    long warmup = TimeUnit.SECONDS.toNanos(Long.parseLong(args[2]));
    long measure = TimeUnit.SECONDS.toNanos(Long.parseLong(args[3]));
    try (Connection c = DriverManager.getConnection(DB_URL); Statement s = c.createStatement()) {
      s.execute(Endpoints.schema());
    }
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest[] requests = new HttpRequest[Endpoints.COUNT];
    for (int i = 0; i < requests.length; i++) {
      // A timeout, so one stuck exchange fails a call instead of hanging the run.
      requests[i] = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + args[0]
          + Endpoints.path(i))).timeout(Duration.ofSeconds(10)).build();
    }
    long measureFrom = System.nanoTime() + warmup;
    long measureTo = measureFrom + measure;
    AtomicLong readyMillis = new AtomicLong();
    Worker[] workers = new Worker[threads];
    Thread[] running = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      workers[t] = new Worker(client, requests, t * Endpoints.COUNT / threads, measureFrom,
          measureTo, readyMillis);
      running[t] = new Thread(workers[t], "workload-" + t);
      running[t].start();
    }
    OperatingSystemMXBean os =
        (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    ThreadMXBean threadsMx = ManagementFactory.getThreadMXBean();
    sleepUntil(measureFrom);
    long cpuFrom = os.getProcessCpuTime();
    long jitFrom = jit.getTotalCompilationTime();
    long gcFrom = gcMillis();
    Map<Long, Long> othersFrom = otherThreadsCpu(threadsMx);
    sleepUntil(measureTo);
    long cpuTo = os.getProcessCpuTime();
    long jitMs = jit.getTotalCompilationTime() - jitFrom;
    long gcMs = gcMillis() - gcFrom;
    long othersNs = 0;
    for (Map.Entry<Long, Long> e : otherThreadsCpu(threadsMx).entrySet()) {
      // A thread started while measuring counts in full; one that ended is lost (rare: agents
      // keep their threads).
      othersNs += e.getValue() - othersFrom.getOrDefault(e.getKey(), 0L);
    }
    Histogram latencies = new Histogram(3);
    long errors = 0;
    for (int t = 0; t < threads; t++) {
      running[t].join();
      if (workers[t].failure != null) {
        throw workers[t].failure;
      }
      latencies.add(workers[t].latencies);
      errors += workers[t].errors;
    }
    long ops = latencies.getTotalCount();
    long peakRss = peakRssKiB();
    // What stays on the heap (the agent's endpoints among it), not what garbage happens to lie
    // there: the heap is fixed and pre-touched, so its size is in the RSS whatever it holds.
    System.gc();
    long liveHeap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    double seconds = measure / 1e9;
    // The one result line, on stdout: the harness's protocol with this process, not logging.
    System.out.println(String.format(Locale.ROOT,
        "%s ops=%d opsPerSec=%.1f p50Us=%d p99Us=%d cpuUsPerOp=%.2f cpuTotalMs=%d"
            + " cpuMeasuredMs=%d jitMs=%d gcMs=%d otherThreadsCpuMs=%d"
            + " peakRssKiB=%d liveHeapKiB=%d readyMs=%d errors=%d",
        RESULT, ops, ops / seconds, latencies.getValueAtPercentile(50),
        latencies.getValueAtPercentile(99), ops == 0 ? 0 : (cpuTo - cpuFrom) / 1e3 / ops,
        TimeUnit.NANOSECONDS.toMillis(cpuTo), TimeUnit.NANOSECONDS.toMillis(cpuTo - cpuFrom),
        jitMs, gcMs, TimeUnit.NANOSECONDS.toMillis(othersNs), peakRss, liveHeap / 1024,
        readyMillis.get() - ManagementFactory.getRuntimeMXBean().getStartTime(), errors));
  }

  /**
   * CPU time by thread id of the Java threads the workload did not start: not the workload's
   * loops, not its HttpClient's threads, not main. Under an agent, those are the agent's.
   */
  private static Map<Long, Long> otherThreadsCpu(ThreadMXBean mx) {
    Map<Long, Long> cpu = new HashMap<>();
    for (ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (t == null) {
        continue;
      }
      String name = t.getThreadName();
      if (name.startsWith("workload-") || name.startsWith("HttpClient-") || name.equals("main")) {
        continue;
      }
      long ns = mx.getThreadCpuTime(t.getThreadId());
      if (ns > 0) {
        cpu.put(t.getThreadId(), ns);
      }
    }
    return cpu;
  }

  private static long gcMillis() {
    long ms = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ms += Math.max(0, gc.getCollectionTime());
    }
    return ms;
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    long left = nanoTime - System.nanoTime();
    if (left > 0) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
  }

  /** The resident set's high-water mark so far (Linux), or -1. */
  private static long peakRssKiB() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (Files.isReadable(status)) {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    }
    return -1;
  }
}
