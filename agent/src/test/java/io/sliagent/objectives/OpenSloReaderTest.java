package io.sliagent.objectives;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sliagent.api.Signal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** OpenSLO v1 documents as an objectives file: what is read, what is refused, where. */
class OpenSloReaderTest {

  private static final List<Signal> SIGNALS =
      List.of(Signal.HTTP_CLIENT, Signal.DB_CLIENT, Signal.EXECUTOR, Signal.CONSUMER, Signal.JOB);

  /** An SLO as another tool would write one, with the agent's annotations on its indicator. */
  private static final String SLO = yaml(
      "apiVersion: openslo/v1",
      "kind: SLO",
      "metadata:",
      "  name: payments-latency",
      "  annotations:",
      "    sliagent.io/objective: payments",
      "spec:",
      "  service: checkout",
      "  indicator:",
      "    metadata:",
      "      name: payments-latency",
      "      annotations:",
      "        sliagent.io/selector: http-client",
      "        sliagent.io/selector.host: payments.internal",
      "        sliagent.io/sli: latency",
      "        sliagent.io/threshold: 250ms",
      "        example.com/dashboard: https://grafana/d/1",
      "    spec:",
      "      ratioMetric:",
      "        counter: true",
      "        good: { metricSource: { type: Prometheus, spec: { query: a } } }",
      "        total: { metricSource: { type: Prometheus, spec: { query: b } } }",
      "  timeWindow:",
      "    - duration: 4w",
      "      isRolling: true",
      "  budgetingMethod: Occurrences",
      "  objectives:",
      "    - displayName: fast",
      "      target: 0.99");

  @Test
  void anSloWithTheAgentsAnnotationsIsAnObjective() {
    ObjectivesParser.Parsed parsed = parse(SLO);
    assertProblems(parsed);
    Objective o = parsed.objectives().objectives().get(0);
    assertEquals("payments", o.name());
    assertEquals(Selector.of(Signal.HTTP_CLIENT, Map.of("host", "payments.internal")),
        o.selector());
    assertEquals(List.of(Sli.latency(250_000_000L, 0.99)), o.slis());
    assertEquals(Duration.ofDays(28), o.window());
    assertEquals("checkout", parsed.objectives().service());
  }

  @Test
  void slosOfOneObjectiveByReferenceOrInlineInAListOrDocumentsMakeOneObjective() {
    ObjectivesParser.Parsed parsed = parse(yaml(
        "- apiVersion: openslo/v1",
        "  kind: SLI",
        "  metadata:",
        "    name: pool-queue",
        "    annotations: { sliagent.io/selector: executor, sliagent.io/selector.name: report*,",
        "      sliagent.io/sli: queue-wait, sliagent.io/threshold: 100ms }",
        "  spec:",
        "    ratioMetric: { counter: true, bad: { metricSource: { spec: { q: x } } },",
        "      total: { metricSource: { spec: { q: y } } } }",
        "- apiVersion: openslo/v1",
        "  kind: SLO",
        "  metadata: { name: pool-wait, annotations: { sliagent.io/objective: report-pool } }",
        "  spec:",
        "    service: reports",
        "    indicatorRef: pool-queue",
        "    budgetingMethod: Occurrences",
        "    objectives: [ { targetPercent: 99.5 } ]",
        "---",
        "apiVersion: openslo/v1",
        "kind: SLO",
        "metadata: { name: pool-ok, annotations: { sliagent.io/objective: report-pool } }",
        "spec:",
        "  service: reports",
        "  indicator:",
        "    metadata:",
        "      name: pool-ok",
        "      annotations: { sliagent.io/selector: executor, sliagent.io/selector.name: report*,",
        "        sliagent.io/sli: success }",
        "    spec: { ratioMetric: { good: { metricSource: { spec: { q: x } } },",
        "      total: { metricSource: { spec: { q: y } } } } }",
        "  budgetingMethod: Occurrences",
        "  objectives: [ { target: 0.999 } ]"));
    assertProblems(parsed);
    assertEquals("1 objective: report-pool (queue-wait 100ms @ 99.5%, success @ 99.9%)",
        parsed.summary());
    assertEquals(Objectives.DEFAULT_WINDOW, parsed.objectives().objectives().get(0).window());
  }

  @Test
  void objectsTheAgentHasNoUseForAreNotedAndTheRestApplies() {
    ObjectivesParser.Parsed parsed = parse(SLO.replace("      target: 0.99\n",
        "      target: 0.99\n  alertPolicies: [ { alertPolicyRef: page } ]\n") + yaml(
        "---",
        "apiVersion: openslo/v1",
        "kind: Service",
        "metadata: { name: checkout }",
        "spec: { description: the shop }",
        "---",
        "apiVersion: openslo/v1",
        "kind: AlertPolicy",
        "metadata: { name: page }",
        "spec: {}"));
    assertProblems(parsed);
    assertEquals("1 objective: payments (latency 250ms @ 99%)", parsed.summary());
    List<String> notes = new ArrayList<>();
    for (Problem p : parsed.notes()) {
      notes.add(p.toString());
    }
    assertEquals(List.of(
        "slo.yaml:30:3: ignored: alertPolicies (alerts come from the rules command)",
        "slo.yaml:33:7: ignored: kind Service (the agent judges SLOs; alerts come from the rules"
            + " command)",
        "slo.yaml:38:7: ignored: kind AlertPolicy (the agent judges SLOs; alerts come from the"
            + " rules command)"), notes);
  }

  @Test
  void whatTheAgentCannotJudgeIsAProblemAtItsNodeAndOtherSlosStillApply() {
    String other = "---\n" + SLO.replace("payments", "ledger");
    assertProblems(parse(SLO.replace("isRolling: true", "isRolling: false\n"
            + "      calendar: { startTime: 2022-01-01 12:00:00, timeZone: UTC }") + other),
        "26:7: a calendar window cannot be expressed: the agent's windows are rolling"
            + " (isRolling: true)");
    assertProblems(parse(SLO.replace("duration: 4w", "duration: 1M") + other),
        "24:17: window '1M' cannot be expressed: months, quarters and years are calendar"
            + " lengths; give the rolling window in days, e.g. 30d");
    assertProblems(parse(SLO.replace("Occurrences", "Timeslices") + other),
        "26:20: budgetingMethod 'Timeslices' cannot be expressed: the agent counts good and bad"
            + " events (Occurrences)");
    assertProblems(parse(SLO.replace("      ratioMetric:", "      thresholdMetric:") + other),
        "19:7: a thresholdMetric cannot be expressed: the agent judges each event, a ratioMetric"
            + " of good (or bad) to total events");
    assertProblems(parse(SLO.replace("    - displayName: fast", "    - op: lte\n      value: 1")
            + other),
        "28:7: 'op' cannot be expressed: op and value compare a thresholdMetric; the threshold"
            + " of a ratio is the annotation sliagent.io/threshold",
        "29:7: 'value' cannot be expressed: op and value compare a thresholdMetric; the threshold"
            + " of a ratio is the annotation sliagent.io/threshold");
    assertProblems(parse(SLO.replace("    - displayName: fast", "    - indicatorRef: other")
            + other),
        "28:7: 'indicatorRef' cannot be expressed: composite SLOs are not read");
    assertProblems(parse(SLO.replace("      target: 0.99", "      target: 0.99\n    - target: 0.9")
            + other),
        "30:7: a second objective cannot be expressed: the agent judges one target per SLI"
            + " (write another SLO for another objective)");
    assertProblems(parse(SLO.replace("        sliagent.io/selector: http-client\n", "") + other),
        "11:7: SLO 'payments-latency' cannot be expressed: its indicator does not say what the"
            + " agent measures (annotations sliagent.io/selector and sliagent.io/sli, e.g."
            + " http-client and latency)");
    assertProblems(parse(SLO.replace("apiVersion: openslo/v1\nkind: SLO", "apiVersion: openslo/v1\nkind: Slo")
            + other),
        "2:7: unknown kind 'Slo' (expected one of: SLO, SLI, Service, DataSource, AlertPolicy,"
            + " AlertCondition, AlertNotificationTarget)");
    // The objectives file's own checks, at the OpenSLO file's nodes.
    assertProblems(parse(SLO.replace("selector.host", "selector.hots") + other),
        "14:9: unknown key 'hots' (did you mean 'host'?)");
    assertProblems(parse(SLO.replace("threshold: 250ms", "threshold: 250") + other),
        "16:32: bad duration '250': expected a number with a unit (ms, s, m, h, d), e.g. 250ms");
    assertProblems(parse(SLO.replace("sli: latency", "sli: latncy") + other),
        "6:28: objective 'payments' declares no SLI: add latency, success or retries",
        "15:26: unknown key 'latncy' (did you mean 'latency'?)");
    assertProblems(parse(SLO.replace("target: 0.99", "target: 99") + other),
        "29:15: target 99 is outside (0, 100%) (did you mean 99%?)");
    assertProblems(parse(SLO.replace("sli: latency", "sli: retries") + other),
        "16:9: unknown key 'threshold' in retries (expected one of: max-ratio)");
    assertProblems(parse(SLO.replace("sli: latency", "sli: success") + other),
        "16:9: 'success' takes no threshold: it counts calls that end without error");
    ObjectivesParser.Parsed parsed = parse(SLO.replace("target: 0.99", "target: 1") + other);
    assertEquals("1 objective: ledger (latency 250ms @ 99%)", parsed.summary());
  }

  @Test
  void slosOfOneObjectiveMustAgreeAndAnyProblemDropsTheWholeObjective() {
    String success = SLO.replace("payments-latency", "payments-success")
        .replace("sli: latency", "sli: success").replace("        sliagent.io/threshold: 250ms\n", "");
    ObjectivesParser.Parsed parsed = parse(SLO + "---\n"
        + success.replace("host: payments.internal", "host: ledger.internal"));
    assertProblems(parsed, "36:28: objective 'payments' of SLO at line 6 has another selector or"
        + " window: name this SLO's objective otherwise (sliagent.io/objective)");
    assertEquals("0 objectives", parsed.summary());
    parsed = parse(SLO + "---\n" + success.replace("sli: success", "sli: latency"));
    assertProblems(parsed, "45:26: objective 'payments' already has a latency SLI (line 15)");
    parsed = parse(SLO + "---\n" + success.replace("Occurrences", "Timeslices"));
    assertEquals("0 objectives", parsed.summary());
    parsed = parse(SLO + "---\n" + success.replace("service: checkout", "service: shop"));
    assertProblems(parsed, "38:12: service 'shop' differs from 'checkout' (line 8): the agent"
        + " measures one service");
  }

  @Test
  void aReferencedSliWithAProblemIsSaidOnceAndLeavesOutEverySloOfIt() {
    String sli = yaml(
        "apiVersion: openslo/v1",
        "kind: SLI",
        "metadata: { name: shared }",
        "spec: { thresholdMetric: { metricSource: { spec: { q: x } } } }");
    String slo = yaml(
        "---",
        "apiVersion: openslo/v1",
        "kind: SLO",
        "metadata: { name: NAME }",
        "spec: { service: checkout, indicatorRef: shared, budgetingMethod: Occurrences,",
        "  objectives: [ { target: 0.99 } ] }");
    ObjectivesParser.Parsed parsed = parse(sli + slo.replace("NAME", "a")
        + slo.replace("NAME", "b") + "---\n" + SLO);
    assertProblems(parsed, "4:9: a thresholdMetric cannot be expressed: the agent judges each"
        + " event, a ratioMetric of good (or bad) to total events");
    assertEquals("1 objective: payments (latency 250ms @ 99%)", parsed.summary());
  }

  @Test
  void otherVersionsAndShapesAreNamed() {
    assertProblems(parse(yaml("apiVersion: openslo/v1alpha", "kind: SLO",
            "metadata: { name: x }", "spec: {}")),
        "1:13: apiVersion 'openslo/v1alpha' is not read: the agent reads openslo/v1");
    assertProblems(parse(SLO.replace("  budgetingMethod", "  budgetMethod")),
        "8:3: missing 'budgetingMethod'",
        "26:3: unknown key 'budgetMethod' in an SLO's spec (expected one of: description,"
            + " service, indicator, indicatorRef, timeWindow, budgetingMethod, objectives,"
            + " alertPolicies)");
    assertProblems(parse(SLO + "---\n- 42\n"), "31:3: expected an OpenSLO object (apiVersion,"
        + " kind, metadata, spec)");
  }

  private static ObjectivesParser.Parsed parse(String text) {
    return ObjectivesParser.parse("slo.yaml", text, SIGNALS);
  }

  private static void assertProblems(ObjectivesParser.Parsed parsed, String... expected) {
    List<String> actual = new ArrayList<>();
    for (Problem p : parsed.problems()) {
      actual.add(p.line() + ":" + p.column() + ": " + p.message());
    }
    assertEquals(List.of(expected), actual);
  }

  private static String yaml(String... lines) {
    return String.join("\n", lines) + "\n";
  }
}
