package io.sliagent.export;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.sliagent.export.sink.MetricSink;
import io.sliagent.export.sink.MetricSink.Kind;
import io.sliagent.slo.Evaluation;
import io.sliagent.slo.SliState;
import io.sliagent.slo.SloEngine;
import io.sliagent.slo.Windows;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleBiFunction;

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

  static void write(SloEngine engine, long startEpochNanos, MetricSink out) {
    List<SliState> states = engine.states();
    if (states.isEmpty()) {
      return;
    }
    long now = engine.nowMillis();
    // Read each SLI once, so that all five metrics describe the same instant.
    List<Reading> readings = new ArrayList<>(states.size());
    for (SliState s : states) {
      readings.add(new Reading(s, now));
    }
    out.beginMetric("slo.events", "Events judged against an objective's SLI, by outcome.",
        "{event}", Kind.MONOTONIC_SUM);
    for (Reading r : readings) {
      // Each counter's own start: one created by a reload starts from zero then, not at start-up.
      long counterStart = Math.max(startEpochNanos, r.counterStartMillis * 1_000_000L);
      out.longPoint(r.id.toBuilder().put(OUTCOME, "good").build(), counterStart, r.good);
      out.longPoint(r.id.toBuilder().put(OUTCOME, "bad").build(), counterStart, r.bad);
    }
    out.endMetric();
    out.beginMetric("slo.target", "The objective's target, as a fraction.", "1", Kind.GAUGE);
    for (Reading r : readings) {
      out.doublePoint(r.id, startEpochNanos, r.target);
    }
    out.endMetric();
    windowGauge(out, "slo.attainment", "Good events / all events in the window.", readings,
        startEpochNanos, false, (r, w) -> Evaluation.attainment(w.good, w.total));
    windowGauge(out, "slo.burn_rate",
        "Error-budget burn rate in the window: (bad/total) / (1 - target).", readings,
        startEpochNanos, false, (r, w) -> Evaluation.burnRate(w.good, w.total, r.target));
    windowGauge(out, "slo.error_budget.remaining",
        "Fraction of the error budget left over the objective's window (negative: overspent).",
        readings, startEpochNanos, true,
        (r, w) -> Evaluation.budgetRemaining(w.good, w.total, r.target));
  }

  /** A gauge with a point per SLI and window ({@code ownOnly}: the objective's window alone). */
  private static void windowGauge(MetricSink out, String name, String description,
      List<Reading> readings, long startEpochNanos, boolean ownOnly,
      ToDoubleBiFunction<Reading, Window> value) {
    out.beginMetric(name, description, "1", Kind.GAUGE);
    for (Reading r : readings) {
      for (Window w : r.windows) {
        if (!ownOnly || w.own) {
          out.doublePoint(w.id, startEpochNanos, value.applyAsDouble(r, w));
        }
      }
    }
    out.endMetric();
  }

  /** One SLI's numbers at one instant. */
  private static final class Reading {
    final Attributes id;
    final long counterStartMillis;
    final long good;
    final long bad;
    final double target;
    /** The alerting windows, then the objective's own when it is not one of them. */
    final List<Window> windows = new ArrayList<>();

    Reading(SliState s, long now) {
      id = Attributes.of(NAME, s.objective().name(), SLI, s.sli().type());
      counterStartMillis = s.counter().startMillis();
      good = s.counter().good();
      bad = s.counter().bad();
      target = s.sli().target();
      long own = s.objective().window().toMillis();
      List<Long> lengths = new ArrayList<>();
      for (long w : Windows.ALERTING) {
        lengths.add(w);
      }
      if (!lengths.contains(own)) {
        lengths.add(own);
      }
      for (long w : lengths) {
        long[] gt = s.counter().window(w, now);
        windows.add(new Window(id.toBuilder().put(WINDOW, Windows.label(w)).build(), gt[0], gt[1],
            w == own));
      }
    }
  }

  /** One window of one SLI: its good and total events. */
  private static final class Window {
    final Attributes id;
    final long good;
    final long total;
    final boolean own;

    Window(Attributes id, long good, long total, boolean own) {
      this.id = id;
      this.good = good;
      this.total = total;
      this.own = own;
    }
  }
}
