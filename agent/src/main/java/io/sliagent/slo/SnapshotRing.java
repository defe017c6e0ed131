package io.sliagent.slo;

/**
 * Cumulative (good, total) counts remembered at fixed time boundaries ({@code resolution}
 * apart) for a bounded span, so the count over any window inside that span is "now minus the
 * snapshot at the window's start" in constant memory. Not thread-safe: its owner serializes.
 */
final class SnapshotRing {

  final long resolutionMillis;
  private final long[] slot;
  private final long[] good;
  private final long[] total;

  SnapshotRing(long resolutionMillis, int capacity) {
    this.resolutionMillis = resolutionMillis;
    this.slot = new long[capacity];
    this.good = new long[capacity];
    this.total = new long[capacity];
    java.util.Arrays.fill(slot, Long.MIN_VALUE);
  }

  /** How far back this ring can answer. */
  long spanMillis() {
    return resolutionMillis * (slot.length - 1);
  }

  /** Remembers the counts as of boundary slot {@code k} (time {@code k * resolution}). */
  void put(long k, long goodCount, long totalCount) {
    int i = (int) Math.floorMod(k, (long) slot.length);
    slot[i] = k;
    good[i] = goodCount;
    total[i] = totalCount;
  }

  /** The counts at boundary {@code k}, or null if that boundary is not (or no longer) held. */
  long[] get(long k) {
    int i = (int) Math.floorMod(k, (long) slot.length);
    return slot[i] == k ? new long[] {good[i], total[i]} : null;
  }
}
