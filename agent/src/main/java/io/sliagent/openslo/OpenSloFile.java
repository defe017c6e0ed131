package io.sliagent.openslo;

import io.sliagent.objectives.Objective;
import io.sliagent.objectives.Objectives;
import io.sliagent.objectives.OpenSlo;
import io.sliagent.objectives.Sli;
import io.sliagent.rules.EventSelectors;
import io.sliagent.rules.YamlText;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * OpenSLO v1 documents for an objectives file: one {@code kind: SLO} per objective and SLI, with
 * an inline ratio indicator of good to total events over Prometheus (counters, as {@code rules}
 * selects them), the objective's rolling window, occurrences budgeting and the SLI's target. The
 * indicator's annotations ({@link OpenSlo}) say what the agent measures, so the agent and
 * {@code validate} read the documents back as the same objectives.
 */
public final class OpenSloFile {

  /** OpenSLO's limit on names (RFC 1123 labels) and on a {@code displayName}. */
  private static final int MAX_NAME = 63;
  /** OpenSLO's limit on a {@code description}. */
  private static final int MAX_DESCRIPTION = 1050;
  // Enough digits for any target a person writes; fewer than a double's noise, as in the rules.
  private static final MathContext DIGITS = new MathContext(12);

  private OpenSloFile() {}

  /**
   * What OpenSLO cannot say of {@code objectives}, one sentence each: a window that is not a
   * whole number of minutes. Empty when {@link #write} can write them all.
   */
  public static List<String> inexpressible(Objectives objectives) {
    List<String> out = new ArrayList<>();
    for (Objective o : objectives.objectives()) {
      if (OpenSlo.window(o.window()) == null) {
        out.add("objective '" + o.name() + "': OpenSLO writes windows in whole minutes, hours"
            + " or days, not " + OpenSlo.duration(o.window().toNanos()));
      }
    }
    return out;
  }

  /**
   * The documents' text for {@code objectives} of {@code service} (the value the agent exports as
   * {@code service.name}); {@code source} and {@code generator} only go into the header comment.
   *
   * @throws IllegalArgumentException when {@link #inexpressible} is not empty
   */
  public static String write(Objectives objectives, String service, String source,
      String generator) {
    if (!inexpressible(objectives).isEmpty()) {
      throw new IllegalArgumentException(inexpressible(objectives).toString());
    }
    StringBuilder out = new StringBuilder();
    comment(out, "OpenSLO v1 documents for the objectives of " + source + ", written by "
        + generator + ".");
    comment(out, "The queries read the agent's slo.events counter as Prometheus names it, as the"
        + " rules command's do;");
    comment(out, "the " + OpenSlo.PREFIX + " annotations let the agent read this file back as"
        + " the same objectives.");
    Set<String> names = new HashSet<>();
    for (Objective o : objectives.objectives()) {
      for (Sli sli : o.slis()) {
        slo(out, service, o, sli, name(o.name() + "-" + sli.type(), names));
      }
    }
    return out.toString();
  }

  private static void slo(StringBuilder out, String service, Objective o, Sli sli, String name) {
    String display = o.name() + " " + sli.type();
    out.append("---\n");
    out.append("apiVersion: ").append(OpenSlo.API_VERSION).append('\n');
    out.append("kind: SLO\n");
    out.append("metadata:\n");
    out.append("  name: ").append(name).append('\n');
    if (display.length() <= MAX_NAME) {
      out.append("  displayName: ").append(YamlText.scalar(display)).append('\n');
    }
    out.append("  annotations:\n");
    out.append("    ").append(OpenSlo.OBJECTIVE).append(": ").append(YamlText.scalar(o.name()))
        .append('\n');
    out.append("spec:\n");
    out.append("  description: ").append(YamlText.scalar(describe(o, sli))).append('\n');
    out.append("  service: ").append(YamlText.scalar(service)).append('\n');
    out.append("  indicator:\n");
    out.append("    metadata:\n");
    out.append("      name: ").append(name).append('\n');
    out.append("      annotations:\n");
    annotation(out, OpenSlo.SELECTOR, o.selector().kind());
    for (Map.Entry<String, String> c : o.selector().criteria().entrySet()) {
      annotation(out, OpenSlo.criterion(c.getKey()), c.getValue());
    }
    annotation(out, OpenSlo.SLI, sli.type());
    if (sli.thresholdNanos() > 0) {
      annotation(out, OpenSlo.THRESHOLD, OpenSlo.duration(sli.thresholdNanos()));
    }
    out.append("    spec:\n");
    out.append("      ratioMetric:\n");
    out.append("        counter: true\n");
    query(out, "good", "sum(" + EventSelectors.good(service, o.name(), sli.type()) + ")");
    query(out, "total", "sum(" + EventSelectors.all(service, o.name(), sli.type()) + ")");
    out.append("  timeWindow:\n");
    out.append("    - duration: ").append(OpenSlo.window(o.window())).append('\n');
    out.append("      isRolling: true\n");
    out.append("  budgetingMethod: Occurrences\n");
    out.append("  objectives:\n");
    out.append("    - displayName: ").append(YamlText.scalar(goal(sli))).append('\n');
    out.append("      target: ")
        .append(new BigDecimal(sli.target(), DIGITS).stripTrailingZeros().toPlainString())
        .append('\n');
  }

  private static void annotation(StringBuilder out, String key, String value) {
    out.append("        ").append(key).append(": ").append(YamlText.scalar(value)).append('\n');
  }

  private static void query(StringBuilder out, String side, String query) {
    out.append("        ").append(side).append(":\n");
    out.append("          metricSource:\n");
    out.append("            type: Prometheus\n");
    out.append("            spec:\n");
    // Single quotes: PromQL's own double quotes stay as they are; a ' doubles.
    out.append("              query: '").append(query.replace("'", "''")).append("'\n");
  }

  /** What a good event is, where OpenSLO keeps no threshold for a ratio. */
  private static String goal(Sli sli) {
    if (sli.type().equals(Sli.SUCCESS)) {
      return "success: did not fail";
    }
    if (sli.type().equals(Sli.RETRIES)) {
      return "retries: good attempts are not retries";
    }
    return sli.type() + " <= " + OpenSlo.duration(sli.thresholdNanos());
  }

  private static String describe(Objective o, Sli sli) {
    String d = o.name() + ": " + sli + " (" + goal(sli) + ") of " + o.selector().kind() + " "
        + o.selector().criteria();
    return d.length() <= MAX_DESCRIPTION ? d : d.substring(0, MAX_DESCRIPTION - 3) + "...";
  }

  /**
   * An RFC 1123 label from {@code text}: lower case letters, digits and single dashes, at most 63
   * characters, not in {@code taken} (a number is added), and then taken.
   */
  static String name(String text, Set<String> taken) {
    String base = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
        .replaceAll("^-+|-+$", "");
    if (base.isEmpty()) {
      base = "slo";
    }
    String name = trim(base, MAX_NAME);
    for (int i = 2; !taken.add(name); i++) {
      String suffix = "-" + i;
      name = trim(base, MAX_NAME - suffix.length()) + suffix;
    }
    return name;
  }

  private static String trim(String s, int max) {
    String t = s.length() <= max ? s : s.substring(0, max);
    return t.replaceAll("-+$", "");
  }

  private static void comment(StringBuilder out, String line) {
    out.append("# ");
    // The file name is the operator's text: a line break in it would end the comment.
    for (char c : line.toCharArray()) {
      out.append(c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029' ? '?' : c);
    }
    out.append('\n');
  }
}
