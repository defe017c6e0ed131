/**
 * The names Prometheus gives the agent's OpenTelemetry metrics and attributes, shared by the
 * {@code rules} command and the {@code /metrics} endpoint so that one rule file serves both the
 * Collector's path and the scrape. Uses java.base only; nothing of the agent.
 */
package io.sliagent.prometheus;
