package io.sliagent.slo;

import io.opentelemetry.api.common.Attributes;
import io.sliagent.api.Signal;
import io.sliagent.objectives.Objective;
import io.sliagent.objectives.Objectives;
import io.sliagent.objectives.Sli;
import io.sliagent.recording.Bindings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import io.sliagent.log.AgentLog;

/**
 * The objectives in force and their counts. Endpoints ask it, once when they are created and
 * again after each reload, which SLI bindings they feed; the evaluator reads the states. A reload
 * keeps the counts of every SLI whose name, threshold and selection did not change.
 */
public final class SloEngine implements Bindings {

  /** SLIs in force at most: each holds about 60 KiB of windows. */
  static final int MAX_SLIS = 1000;
  /** Counters of SLIs a reload dropped, kept in case the next reload brings them back. */
  static final int MAX_RETIRED = 256;

  private final LongSupplier clockMillis;
  private final Map<String, SliCounter> retired = new java.util.LinkedHashMap<>();
  private volatile Objectives objectives = Objectives.none();
  private volatile List<SliState> states = Collections.emptyList();
  private volatile int generation;

  public SloEngine(LongSupplier clockMillis) {
    this.clockMillis = clockMillis;
  }

  /**
   * Wall-clock milliseconds that never jump: read once from the wall clock, then advanced by
   * {@code System.nanoTime}, so a clock step (NTP, a VM resumed) cannot shift the windows.
   */
  public static LongSupplier monotonicClock() {
    long wall = System.currentTimeMillis();
    long base = System.nanoTime();
    return () -> wall + (System.nanoTime() - base) / 1_000_000L;
  }

  /** Puts {@code next} in force. */
  public synchronized void load(Objectives next) {
    Map<String, SliCounter> previous = new HashMap<>(retired);
    for (SliState s : states) {
      previous.put(s.identity(), s.counter);
    }
    long now = clockMillis.getAsLong();
    List<SliState> fresh = new ArrayList<>();
    for (Objective o : next.objectives()) {
      for (Sli sli : o.slis()) {
        if (fresh.size() == MAX_SLIS) {
          AgentLog.warnOnce("slo.max", "more than " + MAX_SLIS + " SLIs declared: objective '"
              + o.name() + "' and those after it are ignored");
          break;
        }
        String identity = SliState.identity(o, sli);
        SliCounter counter = previous.remove(identity);
        if (counter == null) {
          counter = new SliCounter(Math.max(o.window().toMillis(), Windows.LONGEST_FIXED), now);
        }
        fresh.add(new SliState(o, sli, counter));
      }
    }
    retired.clear();
    for (Map.Entry<String, SliCounter> e : previous.entrySet()) {
      if (retired.size() < MAX_RETIRED) {
        retired.put(e.getKey(), e.getValue());
      }
    }
    objectives = next;
    states = Collections.unmodifiableList(fresh);
    generation++;
  }

  @Override
  public int generation() {
    return generation;
  }

  @Override
  public boolean selectsAny(Signal signal) {
    for (SliState s : states) {
      if (selects(s.objective, signal)) {
        return true;
      }
    }
    return false;
  }

  public Objectives objectives() {
    return objectives;
  }

  public List<SliState> states() {
    return states;
  }

  @Override
  public Sink[] sinksFor(Signal signal, Attributes attributes) {
    List<SliState> all = states;
    if (all.isEmpty()) {
      return NO_SINKS;
    }
    Map<String, String> attrs = new HashMap<>();
    attributes.forEach((k, v) -> attrs.put(k.getKey(), String.valueOf(v)));
    List<Sink> out = new ArrayList<>();
    for (SliState s : all) {
      if (selects(s.objective, signal) && s.objective.selector().matches(attrs)) {
        out.add(s.binding);
      }
    }
    return out.isEmpty() ? NO_SINKS : out.toArray(new Sink[0]);
  }

  @Override
  public List<Long> thresholdsNanos(Signal signal, String sli) {
    List<Long> out = new ArrayList<>();
    for (SliState s : states) {
      // A job's duration is its latency: both thresholds are boundaries of the one histogram.
      boolean same = s.sli.type().equals(sli) || sli.equals(Sli.LATENCY) && s.sli.isLatency();
      if (selects(s.objective, signal) && same) {
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

  static boolean selects(Objective o, Signal signal) {
    return o.selector().signal().equals(signal);
  }
}
