package io.sliagent.it.overhead;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * A service-like application at saturation: THREADS threads in a closed loop, each operation one
 * HTTP GET to the downstream server and one prepared SELECT on in-memory H2, cycling through
 * {@link Endpoints}' 50 paths and 50 tables. After WARMUP_S seconds it measures for MEASURE_S
 * seconds, then prints one line: {@code overhead-result key=value ...}.
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
    sleepUntil(measureFrom);
    long cpuFrom = os.getProcessCpuTime();
    sleepUntil(measureTo);
    long cpuTo = os.getProcessCpuTime();
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
    System.out.println(String.format(Locale.ROOT,
        "%s ops=%d opsPerSec=%.1f p50Us=%d p99Us=%d cpuUsPerOp=%.2f cpuTotalMs=%d"
            + " peakRssKiB=%d liveHeapKiB=%d readyMs=%d errors=%d",
        RESULT, ops, ops / seconds, latencies.getValueAtPercentile(50),
        latencies.getValueAtPercentile(99), ops == 0 ? 0 : (cpuTo - cpuFrom) / 1e3 / ops,
        TimeUnit.NANOSECONDS.toMillis(cpuTo), peakRss, liveHeap / 1024,
        readyMillis.get() - ManagementFactory.getRuntimeMXBean().getStartTime(), errors));
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
