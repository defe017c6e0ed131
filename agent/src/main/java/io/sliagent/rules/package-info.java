/**
 * {@code java -jar sli-agent.jar rules FILE}: Prometheus recording rules and multi-window,
 * multi-burn-rate alerts for every objective and SLI of an objectives file, written against the
 * names Prometheus gives the agent's {@code slo.events} counter ({@link
 * io.sliagent.prometheus.PrometheusNames}). The fleet's ratios are computed by Prometheus from the
 * summed counters of all instances; nothing here runs inside the agent. May use {@code
 * objectives} and {@code prometheus} only: nothing of recording, SLO, export or instrumentation.
 */
package io.sliagent.rules;
