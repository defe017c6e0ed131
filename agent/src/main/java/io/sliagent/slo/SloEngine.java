package io.sliagent.slo;

import io.opentelemetry.api.common.Attributes;
import io.sliagent.objectives.Objective;
import io.sliagent.objectives.Objectives;
import io.sliagent.objectives.Sli;
import io.sliagent.recording.SignalKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The objectives in force and their counts. Endpoints ask it, once when they are created and
 * again after each reload, which SLI bindings they feed; the evaluator reads the states. A reload
 * keeps the counts of every SLI whose name, threshold and selection did not change.
 */
public final class SloEngine {

  private final LongSupplier clockMillis;
  private volatile Objectives objectives = Objectives.none();
  private volatile List<SliState> states = Collections.emptyList();

  public SloEngine(LongSupplier clockMillis) {
    this.clockMillis = clockMillis;
  }

  /** Puts {@code next} in force. */
  public synchronized void load(Objectives next) {
    Map<String, SliState> previous = new HashMap<>();
    for (SliState s : states) {
      previous.put(s.identity(), s);
    }
    long now = clockMillis.getAsLong();
    List<SliState> fresh = new ArrayList<>();
    for (Objective o : next.objectives()) {
      for (Sli sli : o.slis()) {
        SliState candidate = new SliState(o, sli, null);
        SliState kept = previous.get(candidate.identity());
        SliCounter counter = kept != null ? kept.counter
            : new SliCounter(Math.max(o.window().toMillis(), Windows.LONGEST_FIXED), now);
        fresh.add(new SliState(o, sli, counter));
      }
    }
    objectives = next;
    states = Collections.unmodifiableList(fresh);
  }

  public Objectives objectives() {
    return objectives;
  }

  public List<SliState> states() {
    return states;
  }

  /** The bindings an endpoint of {@code kind} with {@code attributes} feeds; often none. */
  public SliBinding[] bindingsFor(SignalKind kind, Attributes attributes) {
    List<SliState> all = states;
    if (all.isEmpty()) {
      return NONE;
    }
    Map<String, String> attrs = new HashMap<>();
    attributes.forEach((k, v) -> attrs.put(k.getKey(), String.valueOf(v)));
    List<SliBinding> out = new ArrayList<>();
    for (SliState s : all) {
      if (selects(s.objective, kind) && s.objective.selector().matches(attrs)) {
        out.add(s.binding);
      }
    }
    return out.isEmpty() ? NONE : out.toArray(new SliBinding[0]);
  }

  /** The latency thresholds of every objective of {@code kind}, in nanoseconds. */
  public List<Long> thresholdsNanos(SignalKind kind) {
    List<Long> out = new ArrayList<>();
    for (SliState s : states) {
      if (selects(s.objective, kind) && s.sli.type().equals("latency")) {
        out.add(s.sli.thresholdNanos());
      }
    }
    return out;
  }

  /** Records the passage of time in every counter's windows. */
  public void tick() {
    long now = clockMillis.getAsLong();
    for (SliState s : states) {
      s.counter.advance(now);
    }
  }

  public long nowMillis() {
    return clockMillis.getAsLong();
  }

  static boolean selects(Objective o, SignalKind kind) {
    String k = o.selector().kind();
    return kind == SignalKind.HTTP_CLIENT ? k.equals("http-client")
        : kind == SignalKind.DB_CLIENT && k.equals("jdbc");
  }

  static final SliBinding[] NONE = new SliBinding[0];
}
