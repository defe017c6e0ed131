package io.sliagent.export.sink;

import io.opentelemetry.api.common.Attributes;

/**
 * Where one walk over the recorded state writes its metrics: the OTLP request and the Prometheus
 * scrape take the same calls, so which metrics exist is said once.
 *
 * <p>Use: per metric {@link #beginMetric}, its points, {@link #endMetric}. Values are as the
 * OTLP data model has them: latencies in nanoseconds, exported in seconds.
 */
public interface MetricSink {

  /** The kinds of metric data the agent exports (all cumulative). */
  enum Kind { GAUGE, MONOTONIC_SUM, HISTOGRAM, SUMMARY }

  void beginMetric(String name, String description, String unit, Kind kind);

  /**
   * An explicit-bucket histogram point; {@code counts} (per bucket, not cumulative) has one more
   * entry than {@code boundsNanos}, for the values above the last bound.
   */
  void histogramPoint(Attributes attributes, long startEpochNanos, long[] boundsNanos,
      long[] counts, long sumNanos, long minNanos, long maxNanos);

  /** A summary point: count, sum (seconds) and the value (seconds) at each quantile. */
  void summaryPoint(Attributes attributes, long startEpochNanos, long count, double sum,
      double[] quantiles, double[] values);

  void doublePoint(Attributes attributes, long startEpochNanos, double value);

  void longPoint(Attributes attributes, long startEpochNanos, long value);

  void endMetric();
}
