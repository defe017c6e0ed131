package io.sliagent.export;

import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.SummaryPointData;
import io.opentelemetry.sdk.metrics.data.ValueAtQuantile;
import io.opentelemetry.sdk.metrics.export.MetricProducer;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableHistogramData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableHistogramPointData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableMetricData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableSummaryData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableSummaryPointData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableValueAtQuantile;
import io.opentelemetry.sdk.resources.Resource;
import io.sliagent.recording.Endpoint;
import io.sliagent.recording.EndpointRegistry;
import io.sliagent.recording.Recording;
import io.sliagent.recording.Series;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Builds the exported metrics from the recorded state at collection time, so recording never
 * goes through the SDK's own aggregation:
 * <ul>
 *   <li>the semantic-convention histogram of each kind ({@code http.client.request.duration},
 *       {@code db.client.operation.duration}), one point per endpoint and outcome, cumulative,
 *       with exact bucket counts;
 *   <li>{@code sli.}+that name, a summary per endpoint with quantiles from HdrHistogram, for
 *       percentiles finer than any bucket layout.
 * </ul>
 */
final class SliMetricProducer implements MetricProducer {

  static final double[] QUANTILES = {0.0, 0.5, 0.9, 0.95, 0.99, 0.999, 1.0};

  private final Recording recording;
  private final InstrumentationScopeInfo scope;
  private final long startEpochNanos;
  /** Where each endpoint's distribution is copied to compute its quantiles. */
  private final Histogram scratch = Endpoint.newLatencyHistogram();

  SliMetricProducer(Recording recording, String version, long startEpochNanos) {
    this.recording = recording;
    this.scope = InstrumentationScopeInfo.builder("io.sliagent").setVersion(version).build();
    this.startEpochNanos = startEpochNanos;
  }

  @Override
  public synchronized Collection<MetricData> produce(Resource resource) {
    long now = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
    List<MetricData> out = new ArrayList<>();
    for (EndpointRegistry registry : recording.registries()) {
      Collection<Endpoint> endpoints = registry.endpoints();
      if (endpoints.isEmpty()) {
        continue;
      }
      List<HistogramPointData> histogram = new ArrayList<>();
      List<SummaryPointData> summary = new ArrayList<>();
      for (Endpoint endpoint : endpoints) {
        for (Series series : endpoint.series()) {
          histogram.add(point(series, now));
        }
        summary.add(quantiles(endpoint, now));
      }
      String name = registry.kind().metricName();
      out.add(ImmutableMetricData.createDoubleHistogram(resource, scope, name,
          registry.kind().description(), "s",
          ImmutableHistogramData.create(AggregationTemporality.CUMULATIVE, histogram)));
      out.add(ImmutableMetricData.createDoubleSummary(resource, scope, "sli." + name,
          "Latency quantiles (HdrHistogram, 1% precision) of " + name + ", per endpoint.", "s",
          ImmutableSummaryData.create(summary)));
    }
    SloMetrics.produce(recording.slo(), resource, scope, startEpochNanos, now, out);
    return out;
  }

  private HistogramPointData point(Series series, long now) {
    long[] counts = series.bucketCounts();
    long[] bounds = series.boundariesNanos();
    List<Double> boundaries = new ArrayList<>(bounds.length);
    for (long b : bounds) {
      boundaries.add(b / 1e9);
    }
    List<Long> countList = new ArrayList<>(counts.length);
    long total = 0;
    for (long c : counts) {
      countList.add(c);
      total += c;
    }
    long min = series.minNanos();
    long max = series.maxNanos();
    boolean extremes = total > 0 && min <= max;
    return ImmutableHistogramPointData.create(startEpochNanos, now, series.attributes(),
        series.sumNanos() / 1e9, extremes, extremes ? min / 1e9 : 0, extremes,
        extremes ? max / 1e9 : 0, boundaries, countList);
  }

  private SummaryPointData quantiles(Endpoint endpoint, long now) {
    Histogram h = endpoint.copyLatencyInto(scratch);
    List<ValueAtQuantile> values = new ArrayList<>(QUANTILES.length);
    long count = h.getTotalCount();
    for (double q : QUANTILES) {
      long v = q == 0.0 ? h.getMinValue() : q == 1.0 ? h.getMaxValue()
          : h.getValueAtPercentile(q * 100);
      values.add(ImmutableValueAtQuantile.create(q, count == 0 ? 0 : v / 1e9));
    }
    double sum = h.getMean() * count / 1e9;
    return ImmutableSummaryPointData.create(startEpochNanos, now, endpoint.attributes(), count,
        sum, values);
  }
}
