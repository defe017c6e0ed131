package io.sliagent.status;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /}: one self-contained page (inline CSS, inline SVG, one inline script, no external
 * asset). Rendered here, escaped here; the script only fetches the page again every few seconds
 * and swaps its {@code <main>}, so there is one rendering to keep right.
 */
final class StatusPage {

  static final String SCRIPT = "setInterval(function(){"
      + "fetch(location.pathname,{cache:'no-store'}).then(function(r){"
      + "if(!r.ok){throw new Error(r.status);}return r.text();}).then(function(t){"
      + "var m=new DOMParser().parseFromString(t,'text/html').querySelector('main');"
      + "document.querySelector('main').replaceWith(m);"
      + "document.getElementById('stale').hidden=true;"
      + "}).catch(function(){document.getElementById('stale').hidden=false;});},5000);";

  /** Only this page's own script may run, even if an escaping mistake let markup through. */
  static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline';"
      + " img-src data:; connect-src 'self'; script-src '" + sha256(SCRIPT) + "'";

  private static final String STYLE = "body{font:14px system-ui,sans-serif;margin:1.5em;"
      + "color:#222}table{border-collapse:collapse;margin-bottom:2em}"
      + "th,td{padding:.3em .6em;border-bottom:1px solid #ddd;text-align:right;"
      + "vertical-align:middle}th{background:#f4f4f4}td.l,th.l{text-align:left}"
      + ".bar{width:8em;height:.8em;background:#eee;display:inline-block;margin-right:.4em}"
      + ".bar i{display:block;height:100%;background:#2a7}.missed{color:#c22}"
      + ".missed .bar i{background:#c22}small{color:#666}#stale{color:#c22}";

  private StatusPage() {}

  static String write(Status s) {
    StringBuilder h = new StringBuilder(8192);
    h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<link rel=\"icon\" href=\"data:,\"><title>sli-agent: ")
        .append(escape(s.service)).append("</title><style>").append(STYLE)
        .append("</style></head><body><main>");
    h.append("<h1>").append(escape(s.service)).append(" <small>sli-agent status, ")
        .append(java.time.Instant.ofEpochMilli(s.epochMillis)).append("</small></h1>");
    objectives(h, s);
    endpoints(h, s);
    h.append("</main><p id=\"stale\" hidden>The agent does not answer: these numbers are"
        + " stale.</p><script>").append(SCRIPT).append("</script></body></html>");
    return h.toString();
  }

  private static void objectives(StringBuilder h, Status s) {
    h.append("<h2>Objectives</h2>");
    if (s.objectives.isEmpty()) {
      h.append("<p>No objectives (set <code>sli.config</code> to an objectives file).</p>");
      return;
    }
    h.append("<table id=\"objectives\"><tr><th class=\"l\">objective</th><th class=\"l\">SLI"
        + "</th><th>good</th><th>bad</th><th>attainment</th><th>target</th>"
        + "<th class=\"l\">error budget left</th>");
    for (String w : s.objectives.get(0).burnRates.keySet()) {
      h.append("<th>burn ").append(w).append("</th>");
    }
    h.append("<th>p50 ms</th><th>p99 ms</th><th>last hour</th></tr>");
    for (Status.Row r : s.objectives) {
      boolean missed = r.attainment < r.target;
      h.append("<tr class=\"objective").append(missed ? " missed" : "").append("\" data-name=\"")
          .append(escape(r.name)).append("\" data-sli=\"").append(escape(r.sli)).append("\">");
      h.append("<td class=\"l name\">").append(escape(r.name)).append("<br><small>")
          .append(escape(r.selector)).append("</small></td>");
      h.append("<td class=\"l\">").append(escape(r.spec)).append("<br><small>window ")
          .append(escape(r.window)).append("</small></td>");
      cell(h, "good", Long.toString(r.good));
      cell(h, "bad", Long.toString(r.bad));
      cell(h, "attainment", percent(r.attainment, 3));
      cell(h, "target", percent(r.target, 3));
      double width = Math.max(0, Math.min(1, r.budgetRemaining)) * 100;
      h.append("<td class=\"l budget\"><span class=\"bar\"><i style=\"width:")
          .append(format("%.1f", width)).append("%\"></i></span><span class=\"v\">")
          .append(percent(r.budgetRemaining, 1)).append("</span></td>");
      for (Map.Entry<String, Double> b : r.burnRates.entrySet()) {
        cell(h, "burn-" + b.getKey(), format("%.2f", b.getValue()));
      }
      cell(h, "p50", millis(r.p50Millis));
      cell(h, "p99", millis(r.p99Millis));
      h.append("<td class=\"chart\">");
      chart(h, r);
      h.append("</td></tr>");
    }
    h.append("</table>");
  }

  private static void endpoints(StringBuilder h, Status s) {
    h.append("<h2>Endpoints without objectives</h2>");
    if (s.others.isEmpty()) {
      h.append("<p>None.</p>");
      return;
    }
    h.append("<table id=\"endpoints\"><tr><th class=\"l\">signal</th><th class=\"l\">endpoint"
        + "</th><th>calls</th><th>failed</th><th>p50 ms</th><th>p99 ms</th></tr>");
    for (Status.EndpointRow e : s.others) {
      h.append("<tr class=\"endpoint\"><td class=\"l\">").append(escape(e.signal))
          .append("</td><td class=\"l\">");
      boolean first = true;
      for (Map.Entry<String, String> a : e.attributes.entrySet()) {
        h.append(first ? "" : " ").append("<small>").append(escape(a.getKey()))
            .append("=</small>").append(escape(a.getValue()));
        first = false;
      }
      h.append("</td>");
      cell(h, "calls", Long.toString(e.calls));
      cell(h, "failed", Long.toString(e.failed));
      cell(h, "p50", millis(e.p50Millis));
      cell(h, "p99", millis(e.p99Millis));
      h.append("</tr>");
    }
    h.append("</table>");
  }

  /**
   * The last hour, a point per minute with events: that minute's good/total, against the target
   * (dashed). The vertical scale runs from 1 down to below the lowest of both.
   */
  private static void chart(StringBuilder h, Status.Row r) {
    int w = 180;
    int ht = 36;
    double low = r.target;
    for (long[] gt : r.history) {
      if (gt[1] > 0) {
        low = Math.min(low, (double) gt[0] / gt[1]);
      }
    }
    low = Math.max(0, 1 - (1 - low) * 1.25);
    double span = 1 - low;
    h.append("<svg width=\"").append(w).append("\" height=\"").append(ht)
        .append("\" viewBox=\"0 0 ").append(w).append(' ').append(ht)
        .append("\"><rect width=\"100%\" height=\"100%\" fill=\"#f8f8f8\"/>");
    double ty = (1 - r.target) / span * (ht - 2) + 1;
    h.append("<line x1=\"0\" x2=\"").append(w).append("\" y1=\"").append(format("%.1f", ty))
        .append("\" y2=\"").append(format("%.1f", ty))
        .append("\" stroke=\"#999\" stroke-dasharray=\"3 2\"/><polyline fill=\"none\" "
            + "stroke=\"#37c\" stroke-width=\"1.5\" points=\"");
    int n = r.history.length;
    StringBuilder dots = new StringBuilder(); // a lone minute is a point, not a line
    for (int i = 0; i < n; i++) {
      long[] gt = r.history[i];
      if (gt[1] > 0) {
        double x = n == 1 ? w - 3 : (double) i * (w - 6) / (n - 1) + 3;
        double y = (1 - (double) gt[0] / gt[1]) / span * (ht - 2) + 1;
        h.append(format("%.1f", x)).append(',').append(format("%.1f", y)).append(' ');
        dots.append("<circle r=\"1.8\" fill=\"#37c\" cx=\"").append(format("%.1f", x))
            .append("\" cy=\"").append(format("%.1f", y)).append("\"/>");
      }
    }
    h.append("\"/>").append(dots)
        .append("<title>good/total per minute, last hour; dashed: target</title></svg>");
  }

  private static void cell(StringBuilder h, String cls, String text) {
    h.append("<td class=\"").append(cls).append("\">").append(text).append("</td>");
  }

  static String percent(double fraction, int decimals) {
    return format("%." + decimals + "f%%", fraction * 100);
  }

  static String millis(double ms) {
    return Double.isNaN(ms) ? "-" : format("%.2f", ms);
  }

  private static String format(String pattern, double v) {
    return String.format(Locale.ROOT, pattern, v);
  }

  /** Text for HTML content and quoted attribute values. */
  static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<': out.append("&lt;"); break;
        case '>': out.append("&gt;"); break;
        case '&': out.append("&amp;"); break;
        case '"': out.append("&quot;"); break;
        case '\'': out.append("&#39;"); break;
        default: out.append(c);
      }
    }
    return out.toString();
  }

  private static String sha256(String script) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256")
          .digest(script.getBytes(StandardCharsets.UTF_8));
      return "sha256-" + Base64.getEncoder().encodeToString(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e); // every JDK has SHA-256
    }
  }
}
