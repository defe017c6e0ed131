package io.sliagent.export;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableDoublePointData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableGaugeData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableLongPointData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableMetricData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableSumData;
import io.opentelemetry.sdk.resources.Resource;
import io.sliagent.slo.Evaluation;
import io.sliagent.slo.SliState;
import io.sliagent.slo.SloEngine;
import io.sliagent.slo.Windows;
import java.util.ArrayList;
import java.util.List;

/**
 * The objective layer, computed at collection time from the SLO engine: {@code slo.events}
 * (good and bad, cumulative), {@code slo.target}, {@code slo.attainment} and {@code slo.burn_rate}
 * per window, {@code slo.error_budget.remaining} over the objective's window.
 */
final class SloMetrics {

  static final AttributeKey<String> NAME = AttributeKey.stringKey("slo.name");
  static final AttributeKey<String> SLI = AttributeKey.stringKey("slo.sli");
  static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("slo.outcome");
  static final AttributeKey<String> WINDOW = AttributeKey.stringKey("slo.window");

  private SloMetrics() {}

  static void produce(SloEngine engine, Resource resource, InstrumentationScopeInfo scope,
      long startEpochNanos, long nowEpochNanos, List<MetricData> out) {
    List<SliState> states = engine.states();
    if (states.isEmpty()) {
      return;
    }
    long now = engine.nowMillis();
    List<LongPointData> events = new ArrayList<>();
    List<DoublePointData> targets = new ArrayList<>();
    List<DoublePointData> attainment = new ArrayList<>();
    List<DoublePointData> burn = new ArrayList<>();
    List<DoublePointData> budget = new ArrayList<>();
    for (SliState s : states) {
      Attributes id = Attributes.of(NAME, s.objective().name(), SLI, s.sli().type());
      // Each counter's own start: one created by a reload starts from zero then, not at start-up.
      long counterStart = Math.max(startEpochNanos, s.counter().startMillis() * 1_000_000L);
      events.add(ImmutableLongPointData.create(counterStart, nowEpochNanos,
          id.toBuilder().put(OUTCOME, "good").build(), s.counter().good()));
      events.add(ImmutableLongPointData.create(counterStart, nowEpochNanos,
          id.toBuilder().put(OUTCOME, "bad").build(), s.counter().bad()));
      double target = s.sli().target();
      targets.add(ImmutableDoublePointData.create(startEpochNanos, nowEpochNanos, id, target));
      long own = s.objective().window().toMillis();
      List<Long> windows = new ArrayList<>();
      for (long w : Windows.ALERTING) {
        windows.add(w);
      }
      if (!windows.contains(own)) {
        windows.add(own);
      }
      for (long w : windows) {
        long[] gt = s.counter().window(w, now);
        Attributes a = id.toBuilder().put(WINDOW, Windows.label(w)).build();
        attainment.add(ImmutableDoublePointData.create(startEpochNanos, nowEpochNanos, a,
            Evaluation.attainment(gt[0], gt[1])));
        burn.add(ImmutableDoublePointData.create(startEpochNanos, nowEpochNanos, a,
            Evaluation.burnRate(gt[0], gt[1], target)));
        if (w == own) {
          budget.add(ImmutableDoublePointData.create(startEpochNanos, nowEpochNanos, a,
              Evaluation.budgetRemaining(gt[0], gt[1], target)));
        }
      }
    }
    out.add(ImmutableMetricData.createLongSum(resource, scope, "slo.events",
        "Events judged against an objective's SLI, by outcome.", "{event}",
        ImmutableSumData.create(true, AggregationTemporality.CUMULATIVE, events)));
    out.add(gauge(resource, scope, "slo.target", "The objective's target, as a fraction.",
        targets));
    out.add(gauge(resource, scope, "slo.attainment", "Good events / all events in the window.",
        attainment));
    out.add(gauge(resource, scope, "slo.burn_rate",
        "Error-budget burn rate in the window: (bad/total) / (1 - target).", burn));
    out.add(gauge(resource, scope, "slo.error_budget.remaining",
        "Fraction of the error budget left over the objective's window (negative: overspent).",
        budget));
  }

  private static MetricData gauge(Resource resource, InstrumentationScopeInfo scope, String name,
      String description, List<DoublePointData> points) {
    return ImmutableMetricData.createDoubleGauge(resource, scope, name, description, "1",
        ImmutableGaugeData.create(points));
  }
}
