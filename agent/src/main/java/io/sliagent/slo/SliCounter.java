package io.sliagent.slo;

import java.util.concurrent.atomic.LongAdder;

/**
 * The good and total events of one SLI of one objective: exact cumulative counters on the hot
 * path, and snapshot rings of several resolutions from which the count over any window is read.
 * Windows are exact to the resolution of the ring that serves them: 10 s up to an hour, 1 min up
 * to a day, 10 min up to three days, 1 h beyond; a window covers at most one resolution more than
 * its length (less only by the moment between a boundary and the tick that records it, a couple
 * of seconds), and a window longer than the process has lived covers what it has seen.
 */
public final class SliCounter {

  // Good and bad, never a total: each only rises, so each exported counter is monotonic however
  // a collection interleaves with recording. Adders: an objective that selects many endpoints
  // is counted by every thread that calls any of them, and one contended cache line would make
  // each of those calls wait for the others.
  private final LongAdder good = new LongAdder();
  private final LongAdder bad = new LongAdder();
  private final SnapshotRing[] rings;
  private final long startSlotMillis;
  final long windowMillis;
  private long lastAdvanceMillis;

  /** @param longestWindowMillis the longest window that will be asked for */
  public SliCounter(long longestWindowMillis, long nowMillis) {
    long hours = Math.max(72, (longestWindowMillis + 3_599_999) / 3_600_000) + 2;
    this.rings = new SnapshotRing[] {
      new SnapshotRing(10_000, 362),
      new SnapshotRing(60_000, 1442),
      new SnapshotRing(600_000, 434),
      new SnapshotRing(3_600_000, (int) Math.min(hours, 24 * 400)),
    };
    this.startSlotMillis = nowMillis;
    this.windowMillis = longestWindowMillis;
    this.lastAdvanceMillis = nowMillis;
    for (SnapshotRing r : rings) {
      r.put(Math.floorDiv(nowMillis, r.resolutionMillis), 0, 0);
    }
  }

  /** One event. Lock-free; the two counters may be read a moment apart, never lost. */
  public void record(boolean isGood) {
    (isGood ? good : bad).increment();
  }

  /** Several events at once: {@code good} good ones and {@code bad} bad ones. */
  public void add(long good, long bad) {
    if (good > 0) {
      this.good.add(good);
    }
    if (bad > 0) {
      this.bad.add(bad);
    }
  }

  public long good() {
    return good.sum();
  }

  public long bad() {
    return bad.sum();
  }

  public long total() {
    long b = bad.sum();
    return good.sum() + b;
  }

  /** When counting started (this counter's own cumulative start), in the engine's clock. */
  public long startMillis() {
    return startSlotMillis;
  }

  /** Remembers the counts at every boundary passed since the last call; call every few seconds. */
  public synchronized void advance(long nowMillis) {
    if (nowMillis <= lastAdvanceMillis) {
      return;
    }
    long g = good.sum();
    long t = g + bad.sum();
    for (SnapshotRing r : rings) {
      long from = Math.floorDiv(lastAdvanceMillis, r.resolutionMillis) + 1;
      long to = Math.floorDiv(nowMillis, r.resolutionMillis);
      // Boundaries skipped (a stalled ticker) get today's counts: a window may then show a
      // little less than it should, never more, and only for the stall.
      for (long k = Math.max(from, to - r.spanMillis() / r.resolutionMillis); k <= to; k++) {
        r.put(k, g, t);
      }
    }
    lastAdvanceMillis = nowMillis;
  }

  /** {good, total} over the last {@code windowMillis} as of {@code nowMillis}. */
  public synchronized long[] window(long windowMillis, long nowMillis) {
    advance(nowMillis);
    long g = good.sum();
    long t = g + bad.sum();
    long[] base = countsAt(nowMillis - windowMillis, windowMillis);
    return new long[] {g - base[0], t - base[1]};
  }

  /**
   * {good, total} in each of the last {@code steps} intervals of {@code stepMillis} as of {@code
   * nowMillis}, oldest first: the windows' rings read at each step's boundary, so no history of
   * its own is kept. Steps before counting started are empty.
   */
  public synchronized long[][] history(long stepMillis, int steps, long nowMillis) {
    advance(nowMillis);
    long g = good.sum();
    long[] later = {g, g + bad.sum()};
    long[][] out = new long[steps][];
    for (int i = 0; i < steps; i++) {
      long[] earlier = countsAt(nowMillis - (i + 1) * stepMillis, steps * stepMillis);
      out[steps - 1 - i] = new long[] {later[0] - earlier[0], later[1] - earlier[1]};
      later = earlier;
    }
    return out;
  }

  /**
   * The cumulative {good, total} as of {@code fromMillis}, from the finest ring that holds a
   * span of {@code spanMillis}; zero before counting started.
   */
  private long[] countsAt(long fromMillis, long spanMillis) {
    if (fromMillis <= startSlotMillis) {
      return new long[2]; // the process has not lived through the whole window
    }
    for (SnapshotRing r : rings) {
      if (r.spanMillis() < spanMillis + r.resolutionMillis) {
        continue;
      }
      long[] base = r.get(Math.floorDiv(fromMillis, r.resolutionMillis));
      // Null before the first boundary this ring saw: the window starts before the process did.
      return base == null ? new long[2] : base;
    }
    return new long[2];
  }
}
