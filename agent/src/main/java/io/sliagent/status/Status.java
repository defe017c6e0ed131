package io.sliagent.status;

import io.opentelemetry.api.common.AttributeKey;
import io.sliagent.objectives.Objective;
import io.sliagent.recording.Endpoint;
import io.sliagent.recording.EndpointRegistry;
import io.sliagent.recording.Recording;
import io.sliagent.recording.Series;
import io.sliagent.slo.Evaluation;
import io.sliagent.slo.SliState;
import io.sliagent.slo.SloEngine;
import io.sliagent.slo.Windows;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What the page and {@code /status.json} show, read at one instant: a row per objective and SLI,
 * then the endpoints no objective selects. Made per request on the status thread, never kept.
 */
final class Status {

  static final long STEP_MILLIS = 60_000;
  private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  static final int HISTORY_STEPS = 60;

  final String service;
  final long epochMillis;
  final List<Row> objectives = new ArrayList<>();
  final List<EndpointRow> others = new ArrayList<>();

  private Status(String service, long epochMillis) {
    this.service = service;
    this.epochMillis = epochMillis;
  }

  static Status read(SloEngine slo, Recording recording, long epochMillis) {
    Status status = new Status(slo.objectives().service(), epochMillis);
    List<SliState> states = slo.states();
    List<Endpoint> endpoints = new ArrayList<>();
    List<Map<String, String>> attributes = new ArrayList<>();
    for (EndpointRegistry registry : recording.registries()) {
      for (Endpoint e : registry.endpoints()) {
        endpoints.add(e);
        attributes.add(strings(e));
      }
    }
    Histogram scratch = Endpoint.newLatencyHistogram();
    Histogram merged = Endpoint.newLatencyHistogram();
    boolean[] selected = new boolean[endpoints.size()];
    long now = slo.nowMillis();
    for (SliState s : states) {
      merged.reset();
      Objective o = s.objective();
      for (int i = 0; i < endpoints.size(); i++) {
        Endpoint e = endpoints.get(i);
        if (e.signal().equals(o.selector().signal()) && o.selector().matches(attributes.get(i))) {
          selected[i] = true;
          merged.add(e.copyLatencyInto(scratch));
        }
      }
      status.objectives.add(new Row(s, now, merged));
    }
    for (int i = 0; i < endpoints.size(); i++) {
      if (!selected[i]) {
        Endpoint e = endpoints.get(i);
        status.others.add(new EndpointRow(e, attributes.get(i), e.copyLatencyInto(scratch)));
      }
    }
    return status;
  }

  /** Attributes as the objectives' selectors read them (as the SLO engine does). */
  private static Map<String, String> strings(Endpoint e) {
    Map<String, String> out = new LinkedHashMap<>();
    e.attributes().forEach((k, v) -> out.put(k.getKey(), String.valueOf(v)));
    return out;
  }

  /** Milliseconds at the percentile, or NaN without calls. */
  static double millisAt(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1e6;
  }

  /** One SLI of one objective. */
  static final class Row {
    final String name;
    final String sli;
    final String spec;
    final String selector;
    final String window;
    final double target;
    final long good;
    final long bad;
    /** Over the objective's window. */
    final double attainment;
    final double budgetRemaining;
    final Map<String, Double> burnRates = new LinkedHashMap<>();
    final long calls;
    final double p50Millis;
    final double p99Millis;
    /** {good, total} per minute of the last hour, oldest first. */
    final long[][] history;

    Row(SliState s, long now, Histogram latency) {
      Objective o = s.objective();
      name = o.name();
      sli = s.sli().type();
      spec = s.sli().toString();
      selector = o.selector().kind() + " " + o.selector().criteria();
      window = Windows.label(o.window());
      target = s.sli().target();
      good = s.counter().good();
      bad = s.counter().bad();
      long[] own = s.counter().window(o.window().toMillis(), now);
      attainment = Evaluation.attainment(own[0], own[1]);
      budgetRemaining = Evaluation.budgetRemaining(own[0], own[1], target);
      for (long w : Windows.ALERTING) {
        long[] gt = s.counter().window(w, now);
        burnRates.put(Windows.label(w), Evaluation.burnRate(gt[0], gt[1], target));
      }
      calls = latency.getTotalCount();
      p50Millis = millisAt(latency, 50);
      p99Millis = millisAt(latency, 99);
      history = s.counter().history(STEP_MILLIS, HISTORY_STEPS, now);
    }
  }

  /** An endpoint no objective selects. */
  static final class EndpointRow {
    final String signal;
    final Map<String, String> attributes;
    final long calls;
    final long failed;
    final double p50Millis;
    final double p99Millis;

    EndpointRow(Endpoint e, Map<String, String> attributes, Histogram latency) {
      this.signal = e.signal().name();
      this.attributes = attributes;
      long failures = 0;
      for (Series s : e.series()) {
        if (s.attributes().get(ERROR_TYPE) != null) {
          for (long n : s.bucketCounts()) {
            failures += n;
          }
        }
      }
      this.calls = latency.getTotalCount();
      this.failed = failures;
      this.p50Millis = millisAt(latency, 50);
      this.p99Millis = millisAt(latency, 99);
    }
  }
}
