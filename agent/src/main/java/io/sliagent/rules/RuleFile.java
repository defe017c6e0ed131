package io.sliagent.rules;

import io.sliagent.objectives.Objective;
import io.sliagent.objectives.Objectives;
import io.sliagent.objectives.Sli;
import io.sliagent.prometheus.PrometheusNames;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A Prometheus rule file for an objectives file: per objective and SLI, the error ratio over each
 * window the alerts need and over the objective's own window, Sloth's metadata series, and a page
 * and a ticket alert on the SRE workbook's multi-window, multi-burn-rate conditions.
 */
public final class RuleFile {

  /** The alert that pages: 2% of a 30-day budget in an hour, or 5% in six hours. */
  public static final String PAGE_ALERT = "SloErrorBudgetBurnPage";
  /** The alert that opens a ticket: 10% of a 30-day budget in a day, or in three days. */
  public static final String TICKET_ALERT = "SloErrorBudgetBurnTicket";

  private static final Tier[] TIERS = {
      // A couple of evaluations, so that one late scrape cannot page anyone on its own.
      new Tier(PAGE_ALERT, "page", "2m",
          new Pair("1h", "5m", "14.4"), new Pair("6h", "30m", "6")),
      // Not urgent, and its 2h short window is slow to change: waiting longer costs nothing.
      new Tier(TICKET_ALERT, "ticket", "15m",
          new Pair("1d", "2h", "3"), new Pair("3d", "6h", "1"))};

  /** Every window an alert reads, shortest first. */
  private static final List<String> ALERT_WINDOWS =
      List.of("5m", "30m", "1h", "2h", "6h", "1d", "3d");

  // Enough digits for any target a person writes; fewer than a double's noise (1 - 0.93 ...).
  private static final MathContext DIGITS = new MathContext(12);

  private static final Pattern CONSTANT = Pattern.compile("vector\\([0-9.]+\\)");

  private RuleFile() {}

  /**
   * The rule file's text for {@code objectives} of {@code service} (the value the agent exports as
   * {@code service.name}); {@code source} and {@code generator} only go into the header comment.
   */
  public static String write(Objectives objectives, String service, String source,
      String generator) {
    StringBuilder out = new StringBuilder();
    header(out, service, source, generator);
    if (objectives.objectives().isEmpty()) {
      return out.append("groups: []\n").toString();
    }
    out.append("groups:\n");
    for (Objective o : objectives.objectives()) {
      for (Sli sli : o.slis()) {
        group(out, service, o, sli);
      }
    }
    return out.toString();
  }

  private static void header(StringBuilder out, String service, String source, String generator) {
    String[] lines = {
        "Prometheus rules for the objectives of " + source + ", written by " + generator + ".",
        "Check them with `promtool check rules`; load them with `rule_files:`.",
        "",
        "They read the agent's slo.events counter as Prometheus names it, "
            + PrometheusNames.EVENTS + ", with",
        "the labels " + PrometheusNames.OBJECTIVE + " (the objective), " + PrometheusNames.SLI
            + " (latency, success, retries) and " + PrometheusNames.OUTCOME,
        "(" + PrometheusNames.GOOD + ", " + PrometheusNames.BAD + "). The service is the label "
            + PrometheusNames.SERVICE + ", each JVM the label " + PrometheusNames.INSTANCE + ":",
        "- through an OpenTelemetry Collector's prometheus exporter (scraped with",
        "  honor_labels: true) or prometheusremotewrite exporter, job is service.name, or",
        "  service.namespace/service.name, and instance is service.instance.id;",
        "- scraping the agent's own /metrics, job is the scrape job's name: name it after",
        "  the service.",
        "These rules select the service's series, with or without a namespace, by",
        "  " + serviceSelector(service),
        "and sum over its instances: one series per service, however many JVMs run it.",
        "The ratio over every window is bad events / all events, from the counters' increase",
        "over that window, never an average of shorter windows' ratios. Series and labels",
        "are named as Sloth names them, so its dashboards read them."};
    for (String line : lines) {
      out.append(line.isEmpty() ? "#" : "# ");
      // The file name is the operator's text: a line break in it would end the comment.
      for (char c : line.toCharArray()) {
        out.append(YamlText.unprintable(c) ? '?' : c);
      }
      out.append('\n');
    }
  }

  private static void group(StringBuilder out, String service, Objective o, Sli sli) {
    String slo = o.name() + "-" + sli.type();
    Map<String, String> ids = new LinkedHashMap<>();
    ids.put("sloth_id", service + "-" + slo);
    ids.put("sloth_service", service);
    ids.put("sloth_slo", slo);
    ids.put(PrometheusNames.OBJECTIVE, o.name());
    ids.put(PrometheusNames.SLI, sli.type());
    String self = "{sloth_id=" + PromQl.string(ids.get("sloth_id")) + "}";
    BigDecimal target = new BigDecimal(sli.target(), DIGITS).stripTrailingZeros();
    String budget = BigDecimal.ONE.subtract(target).toPlainString();
    String period = PromQl.duration(o.window());

    out.append("  - name: ").append(YamlText.scalar("sli-agent/" + service + "/" + slo))
        .append('\n');
    out.append("    rules:\n");
    String bad = EventSelectors.bad(service, o.name(), sli.type());
    String all = EventSelectors.all(service, o.name(), sli.type());
    List<String> windows = new ArrayList<>(ALERT_WINDOWS);
    if (!windows.contains(period)) {
      windows.add(period);
    }
    for (String w : windows) {
      Map<String, String> labels = new LinkedHashMap<>(ids);
      labels.put("sloth_window", w);
      record(out, errorRatio(w), labels,
          sumOfIncrease(bad, w),
          "/",
          sumOfIncrease(all, w));
    }
    record(out, "slo:objective:ratio", ids, "vector(" + target.toPlainString() + ")");
    record(out, "slo:error_budget:ratio", ids, "vector(" + budget + ")");
    record(out, "slo:time_period:days", ids, "vector(" + days(o.window()) + ")");
    String perBudget = "/ on (sloth_id, sloth_service, sloth_slo) group_left";
    record(out, "slo:current_burn_rate:ratio", ids,
        errorRatio("5m") + self, perBudget, "slo:error_budget:ratio" + self);
    record(out, "slo:period_burn_rate:ratio", ids,
        errorRatio(period) + self, perBudget, "slo:error_budget:ratio" + self);
    record(out, "slo:period_error_budget_remaining:ratio", ids,
        "1 - slo:period_burn_rate:ratio" + self);
    for (Tier t : TIERS) {
      alert(out, t, ids.get("sloth_id"), self, budget);
    }
  }

  private static String serviceSelector(String service) {
    return EventSelectors.service(service);
  }

  private static String errorRatio(String window) {
    return "slo:sli_error:ratio_rate" + window;
  }

  // Summed first, divided after: the fleet's ratio, not an average of its instances' ratios.
  private static String sumOfIncrease(String selector, String window) {
    return "sum by (" + PrometheusNames.SERVICE + ") (increase(" + selector + "[" + window
        + "]))";
  }

  private static String days(Duration window) {
    return new BigDecimal(window.toMillis()).divide(new BigDecimal(86_400_000L), DIGITS)
        .stripTrailingZeros().toPlainString();
  }

  private static void record(StringBuilder out, String name, Map<String, String> labels,
      String... expr) {
    out.append("      - record: ").append(name).append('\n');
    expr(out, expr);
    out.append("        labels:\n");
    for (Map.Entry<String, String> l : labels.entrySet()) {
      out.append("          ").append(l.getKey()).append(": ")
          .append(YamlText.scalar(l.getValue())).append('\n');
    }
  }

  private static void alert(StringBuilder out, Tier t, String id, String self, String budget) {
    out.append("      - alert: ").append(t.alert).append('\n');
    List<String> expr = new ArrayList<>();
    for (int i = 0; i < t.pairs.length; i++) {
      Pair p = t.pairs[i];
      // The window label differs between the two sides; without it they match one to one.
      String threshold = " > (" + p.factor + " * " + budget + ")";
      expr.add(i == 0 ? "(" : "or\n(");
      expr.add("  max without (sloth_window) (" + errorRatio(p.shortWindow) + self + ")"
          + threshold);
      expr.add("  and");
      expr.add("  max without (sloth_window) (" + errorRatio(p.longWindow) + self + ")"
          + threshold);
      expr.add(")");
    }
    expr(out, expr.toArray(new String[0]));
    out.append("        for: ").append(t.pending).append('\n');
    out.append("        labels:\n");
    out.append("          severity: ").append(t.severity).append('\n');
    out.append("          sloth_severity: ").append(t.severity).append('\n');
    // The series carry it already; here it keeps each SLO's alert rule distinct for promtool.
    out.append("          sloth_id: ").append(YamlText.scalar(literalTemplate(id))).append('\n');
    // Templates read labels only: an objective's name may hold "{{", and labels are data.
    out.append("        annotations:\n");
    out.append("          summary: ").append(YamlText.scalar("{{ $labels.slo_name }} "
        + "{{ $labels.slo_sli }} of {{ $labels.job }} burns its error budget too fast"))
        .append('\n');
    out.append("          description: ").append(YamlText.scalar(t.describe())).append('\n');
  }

  /**
   * {@code s} as a Go template that prints it as it is: alert labels are templates, and an
   * objective's name may hold the {@code {{} that opens an action.
   */
  static String literalTemplate(String s) {
    return s.replace("{{", "{{`{{`}}");
  }

  private static void expr(StringBuilder out, String... lines) {
    if (lines.length == 1 && CONSTANT.matcher(lines[0]).matches()) {
      out.append("        expr: ").append(lines[0]).append('\n');
      return;
    }
    // A literal block keeps PromQL's own quotes unescaped; PromQl.string left nothing unprintable.
    out.append("        expr: |-\n");
    for (String block : lines) {
      for (String line : block.split("\n", -1)) {
        out.append("          ").append(line).append('\n');
      }
    }
  }

  /** One severity: its alert, its pending time and its two window pairs. */
  private static final class Tier {
    final String alert;
    final String severity;
    final String pending;
    final Pair[] pairs;

    Tier(String alert, String severity, String pending, Pair... pairs) {
      this.alert = alert;
      this.severity = severity;
      this.pending = pending;
      this.pairs = pairs;
    }

    String describe() {
      StringBuilder b = new StringBuilder("The error ratio exceeds ");
      for (int i = 0; i < pairs.length; i++) {
        Pair p = pairs[i];
        b.append(i == 0 ? "" : ", or ").append(p.factor).append("x the error budget over both ")
            .append(p.longWindow).append(" and ").append(p.shortWindow);
      }
      return b.append('.').toString();
    }
  }

  /** A long window and its short one, both above {@code factor} times the budget. */
  private static final class Pair {
    final String longWindow;
    final String shortWindow;
    final String factor;

    Pair(String longWindow, String shortWindow, String factor) {
      this.longWindow = longWindow;
      this.shortWindow = shortWindow;
      this.factor = factor;
    }
  }

}
