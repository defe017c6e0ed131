package io.sliagent.it.overhead;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/** The results as markdown: medians against the bare run, the targets, every run's values. */
final class Report {

  /** Issue 12's targets: hello-world start-up, and the first instrumented calls. */
  static final double STARTUP_TARGET_MS = 100;
  static final double FIRST_CALL_TARGET_MS = 400;
  static final double RSS_TARGET_MIB = 40;
  static final double THROUGHPUT_TARGET = 0.99;

  private Report() {}

  static String markdown(Results results, String title) {
    StringBuilder md = new StringBuilder("## ").append(title).append("\n\n");
    List<Metric> columns = new ArrayList<>();
    for (Metric m : Metric.values()) {
      if (m.compare != Metric.Compare.NONE && !results.values(Configs.BARE, m).isEmpty()) {
        columns.add(m);
      }
    }
    StringJoiner header = new StringJoiner(" | ", "| configuration | ", " |\n");
    StringJoiner rule = new StringJoiner("|", "|---|", "|\n");
    for (Metric m : columns) {
      header.add(m.label + " (" + m.unit + ")");
      rule.add("---:");
    }
    md.append(header).append(rule);
    for (String config : results.configs()) {
      StringJoiner row = new StringJoiner(" | ", "| " + config + " | ", " |\n");
      for (Metric m : columns) {
        row.add(cell(results, config, m));
      }
      md.append(row);
    }
    md.append("\nMedians; in brackets the ratio to bare and, for start-up, CPU time and memory,"
        + " the difference.\n");
    targets(results, md);
    runs(results, md);
    return md.toString();
  }

  private static String cell(Results results, String config, Metric m) {
    double v = results.median(config, m);
    double bare = results.median(Configs.BARE, m);
    if (Double.isNaN(v)) {
      return "–";
    }
    String value = format(m, v);
    if (config.equals(Configs.BARE)) {
      return value;
    }
    if (m.compare == Metric.Compare.RATIO) {
      return String.format(Locale.ROOT, "%s (%.3f×)", value, v / bare);
    }
    return String.format(Locale.ROOT, "%s (%.2f×, %s%s)", value, v / bare, v >= bare ? "+" : "−",
        format(m, Math.abs(v - bare)));
  }

  private static String format(Metric m, double v) {
    return String.format(Locale.ROOT, m.unit.equals("MiB") || m == Metric.CPU_PER_OP
        ? "%.1f" : "%.0f", v);
  }

  /** The promises the harness is there to check, for sli-agent against bare. */
  private static void targets(Results results, StringBuilder md) {
    if (!results.configs().contains(Configs.SLI)) {
      return;
    }
    md.append("\nTargets, sli against bare:\n\n");
    double startup = added(results, Metric.HELLO_EXIT);
    md.append(String.format(Locale.ROOT,
        "- start-up added to a hello-world (launch to exit): %+.0f ms, target ≤ %.0f ms: %s%n",
        startup, STARTUP_TARGET_MS, verdict(startup <= STARTUP_TARGET_MS)));
    double toMain = added(results, Metric.HELLO_MAIN);
    md.append(String.format(Locale.ROOT,
        "- start-up added to a hello-world (launch to main): %+.0f ms, target ≤ %.0f ms: %s%n",
        toMain, STARTUP_TARGET_MS, verdict(toMain <= STARTUP_TARGET_MS)));
    double firstCall = added(results, Metric.FIRST_CALL);
    if (!Double.isNaN(firstCall)) {
      md.append(String.format(Locale.ROOT,
          "- start-up added to the first HTTP call and JDBC query (launch to both done): %+.0f ms,"
              + " target ≤ %.0f ms: %s%n",
          firstCall, FIRST_CALL_TARGET_MS, verdict(firstCall <= FIRST_CALL_TARGET_MS)));
    }
    // The heap is fixed and pre-touched, so the RSS shows what the agent adds beside the heap,
    // and the live heap what it keeps on it.
    double rss = added(results, Metric.PEAK_RSS);
    double heap = added(results, Metric.LIVE_HEAP);
    md.append(String.format(Locale.ROOT,
        "- memory added with %d active endpoints: peak RSS %+.1f MiB + live heap %+.1f MiB"
            + " = %+.1f MiB, target ≤ %.0f MiB: %s%n",
        2 * Endpoints.COUNT, rss, heap, rss + heap, RSS_TARGET_MIB,
        verdict(rss + heap <= RSS_TARGET_MIB)));
    double throughput = results.median(Configs.SLI, Metric.THROUGHPUT)
        / results.median(Configs.BARE, Metric.THROUGHPUT);
    md.append(String.format(Locale.ROOT,
        "- throughput at saturation (HTTP + JDBC): %+.2f%%, target ≥ −%.0f%%: %s%n",
        (throughput - 1) * 100, (1 - THROUGHPUT_TARGET) * 100,
        verdict(throughput >= THROUGHPUT_TARGET)));
    if (results.configs().contains(Configs.OFF)) {
      double own = results.median(Configs.SLI, Metric.THROUGHPUT)
          / results.median(Configs.OFF, Metric.THROUGHPUT);
      md.append(String.format(Locale.ROOT,
          "- the same, against %s (what loading any agent costs left out): %+.2f%%: %s%n",
          Configs.OFF, (own - 1) * 100, verdict(own >= THROUGHPUT_TARGET)));
      // The same question asked of CPU time, which this machine's noise moves far less.
      double measured = results.median(Configs.OFF, Metric.CPU_MEASURED);
      double threads = delta(results, Metric.OTHER_THREADS);
      double jit = delta(results, Metric.JIT);
      double gc = delta(results, Metric.GC);
      md.append(String.format(Locale.ROOT,
          "- CPU while measured, sli against %s: agent threads %+.0f ms, JIT %+.0f ms, GC %+.0f ms"
              + " = %+.2f%% of the %.0f ms the process used (the recording on the application's"
              + " threads not included)%n",
          Configs.OFF, threads, jit, gc, (threads + jit + gc) / measured * 100, measured));
    }
  }

  private static double delta(Results results, Metric m) {
    return results.median(Configs.SLI, m) - results.median(Configs.OFF, m);
  }

  private static double added(Results results, Metric m) {
    return results.median(Configs.SLI, m) - results.median(Configs.BARE, m);
  }

  private static String verdict(boolean met) {
    return met ? "met" : "NOT met";
  }

  /** Each run's workload figures, to see the spread the medians hide. */
  private static void runs(Results results, StringBuilder md) {
    md.append("\nEvery run, in order:\n\n| configuration | throughput (ops/s) | p99 (µs) |"
        + " peak RSS (MiB) | live heap (MiB) | failed operations | exported |\n"
        + "|---|---|---|---|---|---|---|\n");
    for (String config : results.configs()) {
      md.append("| ").append(config);
      for (Metric m : List.of(Metric.THROUGHPUT, Metric.P99, Metric.PEAK_RSS, Metric.LIVE_HEAP,
          Metric.ERRORS, Metric.EXPORTED)) {
        StringJoiner values = new StringJoiner(", ", " | ", "");
        values.setEmptyValue(" | –");
        for (double v : results.values(config, m)) {
          values.add(format(m, v));
        }
        md.append(values);
      }
      md.append(" |\n");
    }
    md.append("\nexported: sli-agent's HTTP + JDBC calls in its last export; the OpenTelemetry"
        + " agent's exports received. The collector-fault runs export nowhere by design.\n");
  }
}
