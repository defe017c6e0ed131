/**
 * The pull path ({@code OTEL_METRICS_EXPORTER=prometheus}): {@code /metrics} served by the JDK's
 * HTTP server on one agent thread, written with the Prometheus Java client's exposition formats
 * (relocated). Uses {@code export.sink}, {@code prometheus} (the names), {@code log} and {@code
 * server}'s request thread; nothing of recording, SLO or instrumentation.
 */
package io.sliagent.export.prometheus;
