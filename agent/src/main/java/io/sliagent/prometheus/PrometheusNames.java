package io.sliagent.prometheus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The names Prometheus gives what the agent exports, in one place so that the rules and the
 * agent's own {@code /metrics} endpoint agree. They follow the OpenTelemetry specification's
 * "OTLP metric points to Prometheus" mapping as the Collector's Prometheus exporters implement it
 * by default: every run of characters that are not letters or digits becomes one underscore, the
 * unit is appended as a word ({@code s} as {@code _seconds}; a unit in braces such as
 * {@code {event}} adds nothing), a gauge of unit {@code 1} ends in {@code _ratio} and a monotonic
 * cumulative sum in {@code _total}.
 */
public final class PrometheusNames {

  /** What a metric is, as far as its name goes. */
  public enum Type { COUNTER, GAUGE, HISTOGRAM, SUMMARY }

  // First: the names below are computed from them.
  // The Collector's translator's units (UCUM, as OpenTelemetry writes them) and "per" units.
  private static final Map<String, String> UNITS = Map.ofEntries(
      Map.entry("d", "days"), Map.entry("h", "hours"), Map.entry("min", "minutes"),
      Map.entry("s", "seconds"), Map.entry("ms", "milliseconds"),
      Map.entry("us", "microseconds"), Map.entry("ns", "nanoseconds"),
      Map.entry("By", "bytes"), Map.entry("KiBy", "kibibytes"), Map.entry("MiBy", "mebibytes"),
      Map.entry("GiBy", "gibibytes"), Map.entry("TiBy", "tibibytes"),
      Map.entry("KBy", "kilobytes"), Map.entry("MBy", "megabytes"),
      Map.entry("GBy", "gigabytes"), Map.entry("TBy", "terabytes"), Map.entry("m", "meters"),
      Map.entry("V", "volts"), Map.entry("A", "amperes"), Map.entry("J", "joules"),
      Map.entry("W", "watts"), Map.entry("g", "grams"), Map.entry("Cel", "celsius"),
      Map.entry("Hz", "hertz"), Map.entry("1", ""), Map.entry("%", "percent"));
  private static final Map<String, String> PER_UNITS = Map.of("s", "second", "m", "minute",
      "h", "hour", "d", "day", "w", "week", "mo", "month", "y", "year");

  /** {@code slo.events} (unit {@code {event}}, monotonic cumulative sum). */
  public static final String EVENTS = metricName("slo.events", "{event}", Type.COUNTER);
  /** The {@code slo.name} attribute: the objective's name. */
  public static final String OBJECTIVE = labelName("slo.name");
  /** The {@code slo.sli} attribute: the SLI's type ({@code latency}, {@code success}, ...). */
  public static final String SLI = labelName("slo.sli");
  /** The {@code slo.outcome} attribute: {@link #GOOD} or {@link #BAD}. */
  public static final String OUTCOME = labelName("slo.outcome");
  /** The outcome of an event that met the SLI. */
  public static final String GOOD = "good";
  /** The outcome of an event that did not. */
  public static final String BAD = "bad";
  /**
   * The label that carries the service: the Collector's exporters write the resource's
   * {@code service.name} there ({@code service.namespace/service.name} when a namespace is set);
   * a Prometheus scraping the agent directly writes its scrape job's name.
   */
  public static final String SERVICE = "job";
  /**
   * The label that tells one JVM from another: {@code service.instance.id} through the Collector,
   * {@code host:port} of the scraped target when pulled.
   */
  public static final String INSTANCE = "instance";

  private PrometheusNames() {}

  /**
   * The Prometheus name of an OpenTelemetry metric: for a counter with its {@code _total}, for a
   * histogram or summary the base its {@code _bucket}, {@code _sum} and {@code _count} follow.
   */
  public static String metricName(String name, String unit, Type type) {
    List<String> words = words(name);
    String[] units = unitWords(unit);
    if (!units[0].isEmpty() && !words.contains(units[0])) {
      words.add(units[0]);
    }
    if (!units[1].isEmpty() && !words.contains(units[1])) {
      words.add("per");
      words.add(units[1]);
    }
    if (type == Type.COUNTER) {
      words.remove("total");
      words.add("total");
    }
    if (type == Type.GAUGE && "1".equals(unit)) {
      words.remove("ratio");
      words.add("ratio");
    }
    String joined = String.join("_", words);
    return joined.isEmpty() || Character.isDigit(joined.charAt(0)) ? "_" + joined : joined;
  }

  /**
   * The unit word {@link #metricName} appends ({@code seconds}, {@code ratio} for a gauge of unit
   * {@code 1}), or empty: what OpenMetrics' {@code # UNIT} line says.
   */
  public static String unitSuffix(String unit, Type type) {
    if (type == Type.GAUGE && "1".equals(unit)) {
      return "ratio";
    }
    String[] units = unitWords(unit);
    return units[1].isEmpty() ? units[0]
        : (units[0].isEmpty() ? "" : units[0] + "_") + "per_" + units[1];
  }

  /**
   * A label name for an attribute key: every character that is not a letter, digit or underscore
   * becomes an underscore; a leading digit gets {@code key_} before it and a leading {@code __}
   * (reserved for Prometheus) {@code key}.
   */
  public static String labelName(String key) {
    StringBuilder b = new StringBuilder(key.length());
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      b.append(Character.isLetterOrDigit(c) && c < 128 || c == '_' ? c : '_');
    }
    String s = b.toString();
    if (s.isEmpty() || Character.isDigit(s.charAt(0))) {
      return "key_" + s;
    }
    return s.startsWith("__") ? "key" + s : s;
  }

  private static List<String> words(String name) {
    List<String> out = new ArrayList<>();
    for (String w : name.split("[^A-Za-z0-9]+")) {
      if (!w.isEmpty()) {
        out.add(w);
      }
    }
    return out;
  }

  /** The main unit's word and the "per" unit's word, each possibly empty. */
  private static String[] unitWords(String unit) {
    if (unit == null) {
      return new String[] {"", ""};
    }
    String u = unit.replaceAll("\\{[^}]*}", "").trim(); // annotations say nothing of the unit
    String main = u;
    String per = "";
    int slash = u.indexOf('/');
    if (slash >= 0) {
      main = u.substring(0, slash).trim();
      per = u.substring(slash + 1).trim();
    }
    return new String[] {clean(UNITS.getOrDefault(main, main)),
        clean(PER_UNITS.getOrDefault(per, per))};
  }

  private static String clean(String word) {
    return String.join("_", words(word));
  }
}
