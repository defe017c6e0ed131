package io.sliagent.it.overhead;

/** What a run measures. */
enum Metric {
  HELLO_EXIT("hello-world, launch to exit", "ms", Compare.ADDED),
  HELLO_MAIN("hello-world, launch to main", "ms", Compare.ADDED),
  FIRST_CALL("first HTTP call + JDBC query, launch to both done", "ms", Compare.ADDED),
  BOOT_READY("Spring Boot jar, launch to work done", "ms", Compare.ADDED),
  WORKLOAD_READY("workload, JVM start to first operation", "ms", Compare.ADDED),
  THROUGHPUT("throughput", "ops/s", Compare.RATIO),
  P50("latency p50", "µs", Compare.RATIO),
  P99("latency p99", "µs", Compare.RATIO),
  CPU_PER_OP("CPU per operation", "µs", Compare.RATIO),
  CPU_TOTAL("CPU, start to end of measuring", "ms", Compare.ADDED),
  /** Where CPU went while measured: steadier than throughput, which the machine's noise moves. */
  CPU_MEASURED("CPU while measured", "ms", Compare.ADDED),
  JIT("of it JIT compiling", "ms", Compare.ADDED),
  /**
   * C2-compiled methods thrown away (made not entrant at tier 4) over the whole workload run:
   * deoptimizations, which an agent sharing the application's classes (an HTTP client used to
   * export) would add. Only with {@code --jit-log}.
   */
  C2_DISCARDED("C2 methods made not entrant, whole run", "", Compare.ADDED),
  GC("of it GC", "ms", Compare.ADDED),
  OTHER_THREADS("of it Java threads the workload did not start (an agent's)", "ms",
      Compare.ADDED),
  PEAK_RSS("peak RSS", "MiB", Compare.ADDED),
  LIVE_HEAP("live heap after GC", "MiB", Compare.ADDED),
  /** Failed HTTP calls in the workload; should be 0. */
  ERRORS("failed operations", "", Compare.NONE),
  /** sli-agent: HTTP + JDBC calls in its last export; OpenTelemetry agent: exports received. */
  EXPORTED("exported", "", Compare.NONE);

  /** How a configuration's median is set against the bare run's. */
  enum Compare {
    /** a ratio and the difference */
    ADDED,
    /** a ratio */
    RATIO,
    /** not compared */
    NONE
  }

  final String label;
  final String unit;
  final Compare compare;

  Metric(String label, String unit, Compare compare) {
    this.label = label;
    this.unit = unit;
    this.compare = compare;
  }
}
