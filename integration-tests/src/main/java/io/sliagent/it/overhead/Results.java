package io.sliagent.it.overhead;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every value measured, by configuration and metric, in the order measured. */
final class Results {

  private final Map<String, Map<Metric, List<Double>>> values = new LinkedHashMap<>();

  Results(List<String> configs) {
    for (String c : configs) {
      values.put(c, new EnumMap<>(Metric.class));
    }
  }

  void add(String config, Metric metric, double value) {
    values.get(config).computeIfAbsent(metric, m -> new ArrayList<>()).add(value);
  }

  List<String> configs() {
    return new ArrayList<>(values.keySet());
  }

  List<Double> values(String config, Metric metric) {
    return values.get(config).getOrDefault(metric, List.of());
  }

  /** NaN when nothing was measured. */
  double median(String config, Metric metric) {
    List<Double> sorted = new ArrayList<>(values(config, metric));
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
