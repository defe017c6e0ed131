package io.sliagent.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sliagent.objectives.Objective;
import io.sliagent.objectives.Objectives;
import io.sliagent.objectives.ObjectivesParser;
import io.sliagent.prometheus.PrometheusNames;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated rules run by the real engine: {@code promtool check rules} accepts them, and
 * {@code promtool test rules} evaluates them over synthetic {@code slo_events_total} series of a
 * fleet of three instances. promtool comes with Debian's {@code prometheus} package, which
 * {@code .ci/run} installs; without it these tests fail rather than skip.
 */
class RulesPromtoolTest {

  static final String SERVICE = "checkout";

  static final String FILE = String.join("\n",
      "service: checkout",
      "window: 28d",
      "objectives:",
      "  - name: payments-api",
      "    http-client: { host: payments.internal, method: POST, path: \"/v1/charges/{id}\" }",
      "    latency: { threshold: 250ms, target: 99% }",
      "    success: { target: 99.9% }",
      "    retries: { max-ratio: 5% }",
      "  - name: orders-db",
      "    jdbc: { database: orders, operation: SELECT, table: orders }",
      "    latency: { threshold: 20ms, target: 99.5% }",
      "    window: 7d",
      "");

  /** A name with everything PromQL, YAML and Go templates treat specially. */
  static final String ODD_NAME = "we\"ird' \\ {{ $x }} \u00fc: #z\tt\nn";
  /** {@link #ODD_NAME} as a PromQL string, written out by hand. */
  static final String ODD_NAME_PROMQL = "\"we\\\"ird' \\\\ {{ $x }} \u00fc: #z\\tt\\nn\"";
  /** A service whose name a regex would misread. */
  static final String ODD_SERVICE = "pay.v2+(eu)";

  @TempDir
  Path dir;

  @Test
  void promtoolAcceptsTheRulesOfEveryObjectiveAndSli() throws Exception {
    Objectives objectives = parse(FILE);
    Path rules = write("rules.yml", RuleFile.write(objectives, SERVICE, "sli.yaml", "test"));
    Result r = promtool("check", "rules", rules.toString());
    assertEquals(0, r.exit, r.output);
    // Per SLI: a ratio for each of the 7 alerting windows and the objective's own, 6 metadata
    // series and 2 alerts.
    int expected = 0;
    for (Objective o : objectives.objectives()) {
      expected += o.slis().size() * (7 + 1 + 6 + 2);
    }
    assertTrue(r.output.contains("SUCCESS: " + expected + " rules found"), r.output);
  }

  @Test
  void aFastBurnPages() throws Exception {
    // A healthy hour, then an hour with 20% of events bad against a 99.9% target: 200x the
    // budget's rate. The instances burn at different rates (0%, 30%, 20%).
    Fleet f = new Fleet(SERVICE, "payments-api", "success", "a", "b", "c")
        .phase(60, new int[] {100, 200, 100}, new int[] {0, 0, 0})
        .phase(60, new int[] {100, 140, 80}, new int[] {0, 60, 20});
    TestFile t = new TestFile(f);
    t.alerts("59m", RuleFile.PAGE_ALERT);
    // Minute 61 starts the burn; by 66 the 1h ratio passes 14.4x; 2 minutes pending.
    t.alerts("75m", RuleFile.PAGE_ALERT, f.alert("page"));
    t.alerts("120m", RuleFile.PAGE_ALERT, f.alert("page"));
    t.ratio("120m", "1h", f.badRatio(1));
    runTest(t);
  }

  @Test
  void aSlowBurnOpensATicketAndDoesNotPage() throws Exception {
    // A day at 1.5x the budget's rate: 0.15% bad against 99.9%, summed over instances that burn
    // at 0.2%, 0.17% and 0%.
    Fleet f = new Fleet(SERVICE, "payments-api", "success", "a", "b", "c")
        .phase(24 * 60, new int[] {998, 599, 400}, new int[] {2, 1, 0});
    TestFile t = new TestFile(f);
    for (String at : List.of("1h", "6h", "12h", "24h")) {
      t.alerts(at, RuleFile.PAGE_ALERT);
      t.alerts(at, RuleFile.TICKET_ALERT, f.alert("ticket"));
    }
    t.ratio("24h", "1d", f.badRatio(0));
    t.ratio("24h", "3d", f.badRatio(0));
    runTest(t);
  }

  @Test
  void aHealthyServiceStaysQuiet() throws Exception {
    // A day at half the budget's rate (0.05% bad against 99.9%), one instance at 0.1% alone.
    Fleet f = new Fleet(SERVICE, "payments-api", "success", "a", "b", "c")
        .phase(24 * 60, new int[] {1999, 999, 1000}, new int[] {1, 1, 0});
    TestFile t = new TestFile(f);
    for (String at : List.of("10m", "1h", "6h", "12h", "24h")) {
      t.alerts(at, RuleFile.PAGE_ALERT);
      t.alerts(at, RuleFile.TICKET_ALERT);
    }
    // Quiet because the ratio is low, not because nothing was recorded.
    t.ratio("24h", "1d", f.badRatio(0));
    runTest(t);
  }

  @Test
  void everyWindowsRatioIsTheFleetsSumNotTheMeanOfItsInstances() throws Exception {
    Fleet f = new Fleet(SERVICE, "orders-db", "latency", "a", "b", "c")
        .phase(8 * 60, new int[] {95, 150, 50}, new int[] {5, 50, 0});
    double summed = f.badRatio(0);
    double mean = (5 / 100.0 + 50 / 200.0 + 0 / 50.0) / 3;
    assertNotEquals(mean, summed, 1e-3, "the fleet must tell the sum from the mean");
    TestFile t = new TestFile(f);
    for (String w : List.of("5m", "30m", "1h", "2h", "6h", "7d")) {
      t.ratio("8h", w, summed);
    }
    // 99.5%: a budget of 0.005 of the events.
    t.series("8h", "slo:current_burn_rate:ratio", f.labels("5m"), summed / 0.005);
    t.series("8h", "slo:period_error_budget_remaining:ratio", f.labels("7d"),
        1 - summed / 0.005);
    runTest(t);
  }

  @Test
  void oddNamesReachPrometheusAsTheyAre() throws Exception {
    String file = "service: " + yamlDoubleQuoted(ODD_SERVICE) + "\nobjectives:\n"
        + "  - name: " + yamlDoubleQuoted(ODD_NAME) + "\n"
        + "    http-client: { host: x }\n"
        + "    success: { target: 99% }\n";
    Path rules = write("rules.yml",
        RuleFile.write(parse(file), ODD_SERVICE, "odd.yaml", "test"));
    Result check = promtool("check", "rules", rules.toString());
    assertEquals(0, check.exit, check.output);
    // One service without and one with a namespace; a decoy the unquoted regex would take.
    Fleet f = new Fleet(ODD_SERVICE, ODD_NAME, "success", "a", "b")
        .phase(30, new int[] {50, 50}, new int[] {50, 0});
    Fleet namespaced = new Fleet("eu/" + ODD_SERVICE, ODD_NAME, "success", "a")
        .phase(30, new int[] {90}, new int[] {10});
    Fleet decoy = new Fleet("payXv2eu", ODD_NAME, "success", "a")
        .phase(30, new int[] {0}, new int[] {100});
    f.sloService = ODD_SERVICE;
    namespaced.sloService = ODD_SERVICE;
    TestFile t = new TestFile(f, namespaced, decoy);
    t.alerts("20m", RuleFile.PAGE_ALERT, f.alert("page"), namespaced.alert("page"));
    runTest(t, rules);
  }

  // ---------------------------------------------------------------------------------------------

  private void runTest(TestFile t) throws Exception {
    runTest(t, write("rules.yml", RuleFile.write(parse(FILE), SERVICE, "sli.yaml", "test")));
  }

  private void runTest(TestFile t, Path rules) throws Exception {
    Path test = write("test.yml", t.text(rules.getFileName().toString()));
    Result r = promtool("test", "rules", test.toString());
    assertEquals(0, r.exit, r.output + "\n--- test file:\n" + t.text("rules.yml"));
  }

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  static Objectives parse(String text) {
    ObjectivesParser.Parsed parsed = ObjectivesParser.parse("sli.yaml", text);
    assertEquals(List.of(), parsed.problems());
    return parsed.objectives();
  }

  /** Runs promtool in {@link #dir}, where the test file finds the rule file by name. */
  private Result promtool(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(promtoolPath());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      fail("promtool " + String.join(" ", args) + " did not finish in 5 minutes");
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  static String promtoolPath() {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(d, "promtool");
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    return fail("promtool is not on the PATH: these tests run the rules in the real engine."
        + " Install Debian's prometheus package (apt-get install prometheus), as .ci/run does.");
  }

  static String yamlDoubleQuoted(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\t", "\\t")
        .replace("\n", "\\n") + "\"";
  }

  static String yamlSingleQuoted(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  /** A PromQL string of the few values these tests use, {@link #ODD_NAME} among them. */
  static String promqlString(String s) {
    if (s.equals(ODD_NAME)) {
      return ODD_NAME_PROMQL;
    }
    assertTrue(s.matches("[A-Za-z0-9_./+()-]*"), s);
    return "\"" + s + "\"";
  }

  private static final class Result {
    final int exit;
    final String output;

    Result(int exit, String output) {
      this.exit = exit;
      this.output = output;
    }
  }

  /**
   * The instances of one service feeding one SLI, with steady per-minute rates of good and bad
   * events in consecutive phases.
   */
  static final class Fleet {
    final String job;
    final String objective;
    final String sli;
    final String[] instances;
    final List<int[][]> phases = new ArrayList<>();
    final List<Integer> minutes = new ArrayList<>();
    String sloService = SERVICE;

    Fleet(String job, String objective, String sli, String... instances) {
      this.job = job;
      this.objective = objective;
      this.sli = sli;
      this.instances = instances;
    }

    /** {@code length} minutes at these per-minute counts, one per instance. */
    Fleet phase(int length, int[] good, int[] bad) {
      phases.add(new int[][] {good, bad});
      minutes.add(length);
      return this;
    }

    /** The fleet's bad/all in a phase, from the sums of its instances' counts. */
    double badRatio(int phase) {
      long bad = 0;
      long all = 0;
      for (int i = 0; i < instances.length; i++) {
        bad += phases.get(phase)[1][i];
        all += phases.get(phase)[0][i] + phases.get(phase)[1][i];
      }
      return (double) bad / all;
    }

    /** The input series: a sample a minute from 0, each phase adding its counts. */
    void series(StringBuilder out) {
      String[] outcomes = {PrometheusNames.GOOD, PrometheusNames.BAD};
      for (int i = 0; i < instances.length; i++) {
        for (int k = 0; k < 2; k++) {
          String series = PrometheusNames.EVENTS + "{" + PrometheusNames.SERVICE + "="
              + promqlString(job) + ", " + PrometheusNames.INSTANCE + "="
              + promqlString(instances[i]) + ", " + PrometheusNames.OBJECTIVE + "="
              + promqlString(objective) + ", " + PrometheusNames.SLI + "=" + promqlString(sli)
              + ", " + PrometheusNames.OUTCOME + "=" + promqlString(outcomes[k])
              + ", otel_scope_name=\"sli-agent\"}";
          StringBuilder values = new StringBuilder();
          long value = 0;
          for (int p = 0; p < phases.size(); p++) {
            int rate = phases.get(p)[k][i];
            int length = minutes.get(p);
            // The first phase starts at 0 at minute 0; each later one at its first minute.
            long start = p == 0 ? 0 : value + rate;
            values.append(p == 0 ? "" : " ").append(start).append('+').append(rate).append('x')
                .append(p == 0 ? length : length - 1);
            value += (long) rate * length;
          }
          out.append("      - series: ").append(yamlSingleQuoted(series)).append('\n');
          out.append("        values: ").append(yamlSingleQuoted(values.toString()))
              .append('\n');
        }
      }
    }

    Map<String, String> labels(String window) {
      Map<String, String> l = new LinkedHashMap<>();
      l.put(PrometheusNames.SERVICE, job);
      l.put(PrometheusNames.OBJECTIVE, objective);
      l.put(PrometheusNames.SLI, sli);
      l.put("sloth_id", sloService + "-" + objective + "-" + sli);
      l.put("sloth_service", sloService);
      l.put("sloth_slo", objective + "-" + sli);
      if (window != null) {
        l.put("sloth_window", window);
      }
      return l;
    }

    /** The alert this fleet raises at {@code severity}: its labels and rendered summary. */
    Map<String, String> alert(String severity) {
      Map<String, String> l = labels(null);
      l.put("severity", severity);
      l.put("sloth_severity", severity);
      return l;
    }

    String summary() {
      return objective + " " + sli + " of " + job + " burns its error budget too fast";
    }
  }

  /** A promtool unit-test file: the fleets' series and what must hold at given times. */
  final class TestFile {
    final Fleet[] fleets;
    final StringBuilder alerts = new StringBuilder();
    final StringBuilder exprs = new StringBuilder();

    TestFile(Fleet... fleets) {
      this.fleets = fleets;
    }

    /** At {@code at}, exactly these alerts of {@code name} fire (none when none are given). */
    @SafeVarargs
    final void alerts(String at, String name, Map<String, String>... expected) {
      alerts.append("      - eval_time: ").append(at).append('\n');
      alerts.append("        alertname: ").append(name).append('\n');
      if (expected.length == 0) {
        alerts.append("        exp_alerts: []\n");
        return;
      }
      alerts.append("        exp_alerts:\n");
      for (Map<String, String> labels : expected) {
        Fleet f = fleetOf(labels);
        alerts.append("          - exp_labels:\n");
        map(alerts, labels, "                ");
        alerts.append("            exp_annotations:\n");
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("summary", f.summary());
        annotations.put("description", description(name));
        map(alerts, annotations, "                ");
      }
    }

    /** At {@code at}, the first fleet's error ratio over {@code window} is {@code value}. */
    void ratio(String at, String window, double value) {
      series(at, "slo:sli_error:ratio_rate" + window, fleets[0].labels(window), value);
    }

    void series(String at, String metric, Map<String, String> labels, double value) {
      StringBuilder selector = new StringBuilder(metric).append('{');
      String sep = "";
      for (Map.Entry<String, String> l : labels.entrySet()) {
        selector.append(sep).append(l.getKey()).append('=').append(promqlString(l.getValue()));
        sep = ", ";
      }
      selector.append('}');
      exprs.append("      - expr: ").append(yamlSingleQuoted(selector.toString())).append('\n');
      exprs.append("        eval_time: ").append(at).append('\n');
      exprs.append("        exp_samples:\n");
      exprs.append("          - labels: ").append(yamlSingleQuoted(selector.toString()))
          .append('\n');
      exprs.append("            value: ").append(value).append('\n');
    }

    String text(String rules) {
      StringBuilder out = new StringBuilder();
      out.append("rule_files: [").append(rules).append("]\n");
      out.append("evaluation_interval: 1m\n");
      out.append("tests:\n");
      out.append("  - interval: 1m\n");
      out.append("    input_series:\n");
      for (Fleet f : fleets) {
        f.series(out);
      }
      if (alerts.length() > 0) {
        out.append("    alert_rule_test:\n").append(alerts);
      }
      if (exprs.length() > 0) {
        out.append("    promql_expr_test:\n").append(exprs);
      }
      return out.toString();
    }

    private Fleet fleetOf(Map<String, String> alertLabels) {
      for (Fleet f : fleets) {
        if (f.job.equals(alertLabels.get(PrometheusNames.SERVICE))) {
          return f;
        }
      }
      throw new AssertionError(alertLabels);
    }

    private void map(StringBuilder out, Map<String, String> m, String indent) {
      for (Map.Entry<String, String> e : m.entrySet()) {
        out.append(indent).append(e.getKey()).append(": ")
            .append(yamlDoubleQuoted(e.getValue())).append('\n');
      }
    }

    /** The alert's description as the rule file holds it: text, no template in it. */
    private String description(String alert) {
      String rules = RuleFile.write(parse(FILE), SERVICE, "sli.yaml", "test");
      int at = rules.indexOf("- alert: " + alert);
      int d = rules.indexOf("description: \"", at) + "description: \"".length();
      String text = rules.substring(d, rules.indexOf('"', d));
      assertTrue(!text.contains("{{") && !text.contains("\\"), text);
      return text;
    }
  }
}
