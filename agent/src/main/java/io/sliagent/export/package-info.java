/**
 * The periodic export: reads the recording and the SLO engine at each interval, writes OTLP
 * ({@code otlp}) and hands it to the OpenTelemetry SDK's exporter over the SDK's OkHttp sender
 * (relocated into the agent by the {@code export-okhttp} module); the bounded final flush at exit.
 * The same walk over the recorded state ({@code LatencyMetrics}, {@code SloMetrics}) writes to a
 * {@code sink}: the OTLP writer or, at each scrape of {@code /metrics}, a Prometheus snapshot
 * ({@code prometheus}). Reads {@code recording} and {@code slo}; never knows an instrumentation.
 * Its threads come from {@code bootstrap}'s {@code AgentThreads}, so nothing they call is
 * measured.
 */
package io.sliagent.export;
