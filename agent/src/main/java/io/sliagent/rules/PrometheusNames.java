package io.sliagent.rules;

/**
 * The names Prometheus gives what the agent exports, in one place so that the rules and the
 * agent's own {@code /metrics} endpoint agree. They follow the OpenTelemetry specification's
 * "OTLP metric points to Prometheus" mapping, which the Collector's Prometheus exporters and the
 * OpenTelemetry SDK's Prometheus exporter implement by default: dots become underscores, a unit
 * in braces ({@code {event}}) adds no suffix, and a monotonic cumulative sum gets {@code _total}.
 */
public final class PrometheusNames {

  /** {@code slo.events} (unit {@code {event}}, monotonic cumulative sum). */
  public static final String EVENTS = "slo_events_total";
  /** The {@code slo.name} attribute: the objective's name. */
  public static final String OBJECTIVE = "slo_name";
  /** The {@code slo.sli} attribute: the SLI's type ({@code latency}, {@code success}, ...). */
  public static final String SLI = "slo_sli";
  /** The {@code slo.outcome} attribute: {@link #GOOD} or {@link #BAD}. */
  public static final String OUTCOME = "slo_outcome";
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
}
