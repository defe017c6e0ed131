package io.sliagent.openslo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sliagent.api.Signal;
import io.sliagent.objectives.Objective;
import io.sliagent.objectives.ObjectivesParser;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code openslo}: the documents it writes, and the agent reading them back as the same file. */
class OpenSloFileTest {

  static final List<Signal> SIGNALS =
      List.of(Signal.HTTP_CLIENT, Signal.DB_CLIENT, Signal.EXECUTOR, Signal.CONSUMER, Signal.JOB);

  /** Every SLI type, thresholds down to a fraction of a millisecond, a window of its own. */
  static final String FILE = String.join("\n",
      "service: checkout",
      "window: 28d",
      "objectives:",
      "  - name: payments-api",
      "    http-client: { host: payments.internal, method: POST, path: \"/v1/charges/{id}\","
          + " port: \"8443\" }",
      "    latency: { threshold: 250ms, target: 99% }",
      "    success: { target: 99.9% }",
      "    retries: { max-ratio: 5% }",
      "    window: 7d",
      "  - name: orders-db",
      "    jdbc: { system: postgresql, database: orders, operation: SELECT, table: orders }",
      "    latency: { threshold: 0.5ms, target: 0.995 }",
      "  - name: report-pool",
      "    executor: { name: \"report*\" }",
      "    queue-wait: { threshold: 100ms, target: 99% }",
      "    latency: { threshold: 2s, target: 95% }",
      "    success: { target: 99.9% }",
      "  - name: nightly-etl",
      "    job: { method: \"com.acme.etl.NightlyEtl#run\" }",
      "    duration: { threshold: 30m, target: 99% }",
      "    success: { target: 99% }",
      "    window: 36h",
      "  - name: invoice-events",
      "    consumer: { system: kafka, destination: invoices, group: billing }",
      "    latency: { threshold: 500ms, target: 99% }",
      "    success: { target: 99.9% }",
      "    freshness: { threshold: 2m, target: 99.99% }",
      "    retries: { max-ratio: 0.001 }",
      "  - name: \"it's {{ odd }}: \\\"quoted\\\"\"",
      "    http-client: {}",
      "    success: { target: 99.95% }",
      "    window: 90m",
      "");

  @Test
  void everySliTypeReadsBackAsTheSameObjectives() {
    ObjectivesParser.Parsed original = ObjectivesParser.parse("sli.yaml", FILE, SIGNALS);
    assertEquals(List.of(), original.problems());
    String written = OpenSloFile.write(original.objectives(), "checkout", "sli.yaml", "test");
    ObjectivesParser.Parsed back = ObjectivesParser.parse("slo.yaml", written, SIGNALS);
    assertEquals(List.of(), back.problems(), written);
    assertEquals(List.of(), back.notes());
    assertEquals(original.summary(), back.summary());
    assertEquals("checkout", back.objectives().service());
    List<Objective> a = original.objectives().objectives();
    List<Objective> b = back.objectives().objectives();
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      assertEquals(a.get(i).name(), b.get(i).name());
      assertEquals(a.get(i).selector(), b.get(i).selector());
      assertEquals(a.get(i).slis(), b.get(i).slis());
      assertEquals(a.get(i).window(), b.get(i).window());
    }
    // Written once more, the documents are the same: nothing drifts in a round trip.
    assertEquals(written,
        OpenSloFile.write(back.objectives(), "checkout", "sli.yaml", "test"));
  }

  @Test
  void oneSloPerObjectiveAndSliWithARatioOfTheEventsTheRulesRead() {
    String written = OpenSloFile.write(
        ObjectivesParser.parse("sli.yaml", FILE, SIGNALS).objectives(), "checkout", "sli.yaml",
        "test");
    assertEquals(15, written.split("\n---\n", -1).length, "14 SLIs, after the header");
    assertTrue(written.contains(String.join("\n",
        "---",
        "apiVersion: openslo/v1",
        "kind: SLO",
        "metadata:",
        "  name: payments-api-latency",
        "  displayName: \"payments-api latency\"",
        "  annotations:",
        "    sliagent.io/objective: payments-api",
        "spec:",
        "  description: \"payments-api: latency 250ms @ 99% (latency <= 250ms) of http-client"
            + " {host=payments.internal, method=POST, path=/v1/charges/{id}, port=8443}\"",
        "  service: checkout",
        "  indicator:",
        "    metadata:",
        "      name: payments-api-latency",
        "      annotations:",
        "        sliagent.io/selector: http-client",
        "        sliagent.io/selector.host: payments.internal",
        "        sliagent.io/selector.method: POST",
        "        sliagent.io/selector.path: \"/v1/charges/{id}\"",
        "        sliagent.io/selector.port: \"8443\"",
        "        sliagent.io/sli: latency",
        "        sliagent.io/threshold: 250ms",
        "    spec:",
        "      ratioMetric:",
        "        counter: true",
        "        good:",
        "          metricSource:",
        "            type: Prometheus",
        "            spec:",
        "              query: 'sum(slo_events_total{job=~\"(.+/)?checkout\","
            + " slo_name=\"payments-api\", slo_sli=\"latency\", slo_outcome=\"good\"})'",
        "        total:",
        "          metricSource:",
        "            type: Prometheus",
        "            spec:",
        "              query: 'sum(slo_events_total{job=~\"(.+/)?checkout\","
            + " slo_name=\"payments-api\", slo_sli=\"latency\", slo_outcome=~\"good|bad\"})'",
        "  timeWindow:",
        "    - duration: 7d",
        "      isRolling: true",
        "  budgetingMethod: Occurrences",
        "  objectives:",
        "    - displayName: \"latency <= 250ms\"",
        "      target: 0.99",
        "")), written);
    assertTrue(written.contains("    - duration: 28d\n"), "the file's window");
    assertTrue(written.contains("    - duration: 36h\n"));
    assertTrue(written.contains("    - duration: 90m\n"));
    assertTrue(written.contains("  name: payments-api-retries\n"));
    assertTrue(written.contains("      target: 0.95\n"), "retries: 1 - max-ratio");
    assertTrue(written.contains("  name: it-s-odd-quoted-success\n"));
    assertTrue(written.contains("slo_name=\"it''s {{ odd }}: \\\"quoted\\\"\""), written);
  }

  @Test
  void namesAreRfc1123LabelsAndUnique() {
    Set<String> taken = new HashSet<>();
    assertEquals("payments-api-latency", OpenSloFile.name("Payments API--latency", taken));
    assertEquals("payments-api-latency-2", OpenSloFile.name("payments.api/latency", taken));
    assertEquals("slo", OpenSloFile.name("!!!", taken));
    String longName = "a".repeat(70);
    assertEquals("a".repeat(63), OpenSloFile.name(longName, taken));
    assertEquals("a".repeat(61) + "-2", OpenSloFile.name(longName, taken));
  }

  @Test
  void aWindowOfSecondsCannotBeWritten() {
    ObjectivesParser.Parsed parsed = ObjectivesParser.parse("sli.yaml", String.join("\n",
        "objectives:",
        "  - name: quick",
        "    http-client: {}",
        "    success: { target: 99% }",
        "    window: 90s"), SIGNALS);
    assertEquals(List.of("objective 'quick': OpenSLO writes windows in whole minutes, hours or"
        + " days, not 90s"), OpenSloFile.inexpressible(parsed.objectives()));
  }
}
