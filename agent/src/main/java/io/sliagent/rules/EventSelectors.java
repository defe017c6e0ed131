package io.sliagent.rules;

import io.sliagent.prometheus.PrometheusNames;

/**
 * PromQL selectors of one SLI's {@code slo_events_total} series of one service, for everything
 * that reads the agent's events from Prometheus (the rules, OpenSLO's queries), so that all of them
 * select the same series.
 */
public final class EventSelectors {

  private EventSelectors() {}

  /** The good events of {@code sli} of {@code objective}. */
  public static String good(String service, String objective, String sli) {
    return prefix(service, objective, sli) + ", " + PrometheusNames.OUTCOME + "="
        + PromQl.string(PrometheusNames.GOOD) + "}";
  }

  /** The bad events of {@code sli} of {@code objective}. */
  public static String bad(String service, String objective, String sli) {
    return prefix(service, objective, sli) + ", " + PrometheusNames.OUTCOME + "="
        + PromQl.string(PrometheusNames.BAD) + "}";
  }

  /** Every event, good or bad, of {@code sli} of {@code objective}. */
  public static String all(String service, String objective, String sli) {
    return prefix(service, objective, sli) + ", " + PrometheusNames.OUTCOME + "=~"
        + PromQl.string(PrometheusNames.GOOD + "|" + PrometheusNames.BAD) + "}";
  }

  /** The service's label matcher: its name alone, or after a {@code service.namespace/}. */
  static String service(String service) {
    return PrometheusNames.SERVICE + "=~" + PromQl.string("(.+/)?" + PromQl.quoteRegex(service));
  }

  private static String prefix(String service, String objective, String sli) {
    return PrometheusNames.EVENTS + "{" + service(service)
        + ", " + PrometheusNames.OBJECTIVE + "=" + PromQl.string(objective)
        + ", " + PrometheusNames.SLI + "=" + PromQl.string(sli);
  }
}
