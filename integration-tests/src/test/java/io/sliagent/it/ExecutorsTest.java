package io.sliagent.it;

import static io.sliagent.it.support.Exported.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.sliagent.it.app.ExecutorsApp;
import io.sliagent.it.support.Exported;
import io.sliagent.it.support.ForkedJvm;
import io.sliagent.it.support.OtlpReceiver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Thread pools measured task by task in a forked application with the agent, as exported over
 * OTLP: exact counts of tasks, failures and rejections per pool, named from their threads (or
 * their creator), queue wait that grows while a pool is saturated, gauges of a busy pool, and a
 * queue-wait objective judged in {@code slo.events}.
 */
class ExecutorsTest {

  static final String TASKS = "sli.executor.task.duration";
  static final String WAITS = "sli.executor.queue.duration";

  @Test
  void everyPoolsTasksWaitsFailuresAndRejectionsAreCountedExactly() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      Path objectives = Files.writeString(Files.createTempFile("sli-executors", ".yaml"),
          String.join("\n",
              "objectives:",
              "  - name: reports",
              "    executor: { name: report }",
              "    queue-wait: { threshold: 300ms, target: 99% }",
              "    success: { target: 99% }",
              ""));
      ForkedJvm.Result run = ForkedJvm.of(ExecutorsApp.class)
          .agentArgs("config=" + objectives)
          .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.httpEndpoint())
          .env("OTEL_METRIC_EXPORT_INTERVAL", "60000")
          .run();
      assertEquals(0, run.exitCode, run.toString());
      boolean virtualThreads = ForkedJvm.appJavaVersion() >= 21;
      assertTrue(run.stdout.contains("outcomes [report submitted IllegalStateException,"
          + " report rejected 1, ticker UnsupportedOperationException, crunch tree 15,"
          + " crunch sum 285, crunch IllegalStateException, crunch supplied 5,"
          + " crunch UnsupportedOperationException, common ArithmeticException"
          + (virtualThreads ? ", virtual IllegalStateException]" : "]")), run.stdout);

      Exported e = receiver.latest();
      Set<String> names = e.values(WAITS, "executor.name");
      Set<String> expected = new java.util.TreeSet<>(Set.of("report", "ticker", "crunch",
          "commonPool", "backlog", ExecutorsApp.class.getName()));
      if (virtualThreads) {
        expected.add(ExecutorsApp.VirtualTasks.class.getName());
      }
      assertEquals(expected, names, "the agent's own pools, and the virtual threads' scheduler,"
          + " are not measured");

      // report: 4 tasks of 200 ms and 2 that failed; the fifth was rejected.
      Map<String, String> report = Map.of("executor.name", "report");
      assertEquals(6, e.count(TASKS, report));
      assertEquals(1, e.count(TASKS, with(report, "error.type",
          "java.lang.IllegalArgumentException")));
      assertEquals(1, e.count(TASKS, with(report, "error.type",
          "java.lang.IllegalStateException")));
      assertEquals(1, e.counter("sli.executor.rejections", report));
      assertEquals(6, e.count(WAITS, report));
      // One thread, tasks of 200 ms: they waited about 0, 200, 400 and 600 ms.
      HistogramDataPoint waits = point(e, WAITS, report);
      assertTrue(waits.getMax() >= 0.55 && waits.getSum() >= 1.15,
          "queue wait grows while the pool is saturated: " + waits);
      // Judged against 300 ms: the first two of the saturated four, and the two later ones.
      assertEquals(4, e.sloEvents("reports", "queue-wait", "good"));
      assertEquals(2, e.sloEvents("reports", "queue-wait", "bad"));
      assertEquals(4, e.sloEvents("reports", "success", "good"));
      assertEquals(2, e.sloEvents("reports", "success", "bad"));

      Map<String, String> ticker = Map.of("executor.name", "ticker");
      assertEquals(4, e.count(TASKS, ticker));
      assertEquals(1, e.count(TASKS, with(ticker, "error.type",
          "java.lang.UnsupportedOperationException")));
      assertEquals(4, e.count(WAITS, ticker));

      // 15 tasks of the tree (each forked, or invoked from outside), 10 submitted and 1 that
      // failed, 6 of supplyAsync, one of whose functions failed.
      Map<String, String> crunch = Map.of("executor.name", "crunch");
      assertEquals(32, e.count(TASKS, crunch));
      assertEquals(1, e.count(TASKS, with(crunch, "error.type",
          "java.lang.IllegalStateException")));
      assertEquals(1, e.count(TASKS, with(crunch, "error.type",
          "java.lang.UnsupportedOperationException")));
      assertEquals(32, e.count(WAITS, crunch));

      Map<String, String> common = Map.of("executor.name", "commonPool");
      assertEquals(6, e.count(TASKS, common));
      assertEquals(1, e.count(TASKS, with(common, "error.type",
          "java.lang.ArithmeticException")));

      // Executors.newFixedThreadPool names its threads pool-N-thread-M: named by its creator.
      assertEquals(2, e.count(TASKS, Map.of("executor.name", ExecutorsApp.class.getName())));

      if (virtualThreads) {
        // A thread per task: each waited for its thread, ran on it, one failed.
        Map<String, String> virtual = Map.of("executor.name",
            ExecutorsApp.VirtualTasks.class.getName());
        assertEquals(4, e.count(TASKS, virtual));
        assertEquals(4, e.count(WAITS, virtual));
        assertEquals(1, e.count(TASKS, with(virtual, "error.type",
            "java.lang.IllegalStateException")));
      }

      // At exit, backlog is busy with one task and two wait.
      Map<String, String> backlog = Map.of("executor.name", "backlog");
      assertEquals(2, e.gauge("sli.executor.queue.size", backlog));
      assertEquals(1, e.gauge("sli.executor.threads.active", backlog));
      assertEquals(1, e.gauge("sli.executor.threads.count", backlog));
      assertEquals(0, e.count(TASKS, backlog), "its one task has not ended");
      assertEquals(1, e.count(WAITS, backlog), "it started");
      // Quantiles of the run time, as for every signal.
      assertEquals(6, e.summary("sli.executor.task.duration.quantiles").stream()
          .filter(p -> Exported.matches(Exported.attributes(p.getAttributesList()), report))
          .mapToLong(p -> p.getCount()).sum());
      // Pools that were shut down have no gauge.
      assertEquals(-1, e.gauge("sli.executor.queue.size", ticker));
    }
  }

  private static HistogramDataPoint point(Exported e, String metric, Map<String, String> match) {
    for (HistogramDataPoint p : e.histogram(metric)) {
      if (Exported.matches(Exported.attributes(p.getAttributesList()), match)) {
        return p;
      }
    }
    throw new AssertionError("no " + metric + " point for " + match);
  }
}
