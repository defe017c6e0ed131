package io.sliagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sliagent.it.overhead.Harness;
import io.sliagent.it.support.ForkedJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The overhead harness in quick mode, run as bench/overhead.sh runs it: every configuration
 * completes with real figures, and the agents' exports arrived (a broken agent must never look
 * cheap).
 */
class OverheadHarnessTest {

  static final List<String> CONFIGS = List.of("bare", "sli-off", "otel", "sli", "sli-noexport",
      "sli-collector-down", "sli-collector-blackhole");

  @Test
  void quickRunMeasuresEveryConfiguration() throws Exception {
    Path out = Files.createTempFile("overhead", ".md");
    ForkedJvm.Result run = ForkedJvm.of(Harness.class).withoutAgent()
        .classpath(System.getProperty("java.class.path"))
        .jvmArg("-Dsli.it.agent.jar=" + ForkedJvm.agentJar())
        .jvmArg("-Dsli.it.otel.javaagent=" + System.getProperty("sli.it.otel.javaagent"))
        .args("--quick", "--warmup", "1", "--measure", "2", "--boot", "0", "--out",
            out.toString())
        .timeout(Duration.ofSeconds(150))
        .run();
    assertEquals(0, run.exitCode, run.toString());
    String report = Files.readString(out);
    assertEquals(run.stdout.trim(), report.trim());
    assertTrue(report.contains("Java " + ForkedJvm.appJavaVersion() + " "), report);

    Map<String, List<String>> medians = rows(report.substring(0, report.indexOf("Medians;")));
    assertEquals(CONFIGS, List.copyOf(medians.keySet()), report);
    // Time to the first instrumented calls, for every configuration.
    int firstCall =
        header(report).indexOf("first HTTP call + JDBC query, launch to both done (ms)");
    assertTrue(firstCall >= 0, "no first-call column\n" + report);
    for (String config : CONFIGS) {
      assertTrue(Double.parseDouble(medians.get(config).get(firstCall).split(" ")[0]) > 0,
          config + " has no first-call time\n" + report);
    }
    Map<String, List<String>> runs = rows(report.substring(report.indexOf("Every run")));
    assertEquals(CONFIGS, List.copyOf(runs.keySet()), report);
    for (String config : CONFIGS) {
      List<String> r = runs.get(config); // throughput, p99, peak RSS, live heap, failed, exported
      assertTrue(Double.parseDouble(r.get(0)) > 0, config + " made no operations\n" + report);
      assertTrue(Double.parseDouble(r.get(2)) > 0, config + " has no peak RSS\n" + report);
    }
    assertTrue(Long.parseLong(runs.get("sli").get(5)) > 0, "sli-agent's calls arrived\n" + report);
    assertTrue(Long.parseLong(runs.get("otel").get(5)) > 0, "OpenTelemetry's exports arrived\n"
        + report);
    assertTrue(report.contains("start-up added to a hello-world"), report);
    assertTrue(report.contains("start-up added to the first HTTP call and JDBC query"), report);
    assertTrue(report.contains("memory added with 100 active endpoints"), report);
    assertTrue(report.contains("throughput at saturation"), report);
    assertTrue(report.contains("CPU while measured, sli against sli-off: agent threads"), report);
  }

  /** The column labels of the first markdown table in {@code md}, after "configuration". */
  private static List<String> header(String md) {
    String line = md.substring(md.indexOf("| configuration |"));
    line = line.substring(0, line.indexOf('\n'));
    List<String> labels = new ArrayList<>();
    for (String cell : line.substring(1, line.length() - 1).split("\\|")) {
      labels.add(cell.trim());
    }
    return labels.subList(1, labels.size());
  }

  /** The rows of the first markdown table in {@code md}, by first cell. */
  private static Map<String, List<String>> rows(String md) {
    Map<String, List<String>> rows = new LinkedHashMap<>();
    boolean inTable = false;
    for (String line : md.split("\n")) {
      if (!line.startsWith("|")) {
        if (inTable) {
          break;
        }
        continue;
      }
      inTable = true;
      String[] cells = line.substring(1, line.length() - 1).split("\\|");
      String first = cells[0].trim();
      if (first.equals("configuration") || first.startsWith("---")) {
        continue;
      }
      List<String> rest = new ArrayList<>();
      for (int i = 1; i < cells.length; i++) {
        rest.add(cells[i].trim());
      }
      rows.put(first, rest);
    }
    return rows;
  }
}
