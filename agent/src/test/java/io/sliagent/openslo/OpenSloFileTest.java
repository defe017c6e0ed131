package io.sliagent.openslo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sliagent.api.Signal;
import io.sliagent.objectives.Objective;
import io.sliagent.objectives.ObjectivesParser;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

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

  /**
   * What the OpenSLO v1 specification asks of an SLO with an inline ratio indicator, field by
   * field, with the types a strict reader (oslo decodes into typed structs, unknown fields
   * refused) requires.
   */
  @Test
  void theDocumentsAreValidOpenSloV1() {
    String written = OpenSloFile.write(
        ObjectivesParser.parse("sli.yaml", FILE, SIGNALS).objectives(), "checkout", "sli.yaml",
        "test");
    int n = 0;
    for (Object doc : new Load(LoadSettings.builder().build()).loadAllFromString(written)) {
      n++;
      Map<?, ?> slo = map(doc, Set.of("apiVersion", "kind", "metadata", "spec"));
      assertEquals("openslo/v1", slo.get("apiVersion"));
      assertEquals("SLO", slo.get("kind"));
      metadata(slo.get("metadata"));
      Map<?, ?> spec = map(slo.get("spec"), Set.of("description", "service", "indicator",
          "timeWindow", "budgetingMethod", "objectives"));
      assertTrue(((String) spec.get("description")).length() <= 1050);
      assertTrue(!((String) spec.get("service")).isEmpty());
      Map<?, ?> indicator = map(spec.get("indicator"), Set.of("metadata", "spec"));
      metadata(indicator.get("metadata"));
      Map<?, ?> ratio = map(map(indicator.get("spec"), Set.of("ratioMetric")).get("ratioMetric"),
          Set.of("counter", "good", "total"));
      assertEquals(Boolean.TRUE, ratio.get("counter"));
      for (String side : List.of("good", "total")) {
        Map<?, ?> source = map(map(ratio.get(side), Set.of("metricSource")).get("metricSource"),
            Set.of("type", "spec"));
        assertEquals("Prometheus", source.get("type"));
        assertTrue(!((String) map(source.get("spec"), Set.of("query")).get("query")).isEmpty());
      }
      List<?> windows = (List<?>) spec.get("timeWindow");
      assertEquals(1, windows.size());
      Map<?, ?> window = map(windows.get(0), Set.of("duration", "isRolling"));
      assertTrue(((String) window.get("duration")).matches("[1-9][0-9]*[mhdwMQY]"));
      assertEquals(Boolean.TRUE, window.get("isRolling"));
      assertEquals("Occurrences", spec.get("budgetingMethod"));
      List<?> objectives = (List<?>) spec.get("objectives");
      assertEquals(1, objectives.size());
      // A ratio's objective has no op or value: those compare a threshold metric.
      Map<?, ?> objective = map(objectives.get(0), Set.of("displayName", "target"));
      double target = (Double) objective.get("target");
      assertTrue(target >= 0 && target < 1, objective.toString());
    }
    assertEquals(14, n);
  }

  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern ANNOTATION = Pattern.compile(
      "([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
          + "[a-zA-Z0-9]([-._a-zA-Z0-9]{0,61}[a-zA-Z0-9])?");

  private static void metadata(Object node) {
    Map<?, ?> m = map(node, Set.of("name", "displayName", "annotations"));
    assertTrue(LABEL.matcher((String) m.get("name")).matches(), m.toString());
    if (m.containsKey("displayName")) {
      assertTrue(((String) m.get("displayName")).length() <= 63);
    }
    for (Map.Entry<?, ?> a : ((Map<?, ?>) m.get("annotations")).entrySet()) {
      String key = (String) a.getKey();
      assertTrue(ANNOTATION.matcher(key).matches() && key.indexOf('/') <= 253, key);
      assertTrue(a.getValue() instanceof String, key + ": " + a.getValue());
    }
  }

  /** {@code node} as a mapping whose keys are all among {@code allowed}. */
  private static Map<?, ?> map(Object node, Set<String> allowed) {
    assertTrue(node instanceof Map, String.valueOf(node));
    Map<?, ?> m = (Map<?, ?>) node;
    assertTrue(allowed.containsAll(m.keySet()), m.keySet() + " not all in " + allowed);
    return m;
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
