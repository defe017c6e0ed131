package io.sliagent.instrumentation.executor;

import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * When each task of one pool was submitted, for tasks whose class has no slot (a lambda given to
 * {@code execute}: no agent can add a field to it). Keyed by identity, striped, open addressing:
 * no allocation per task. The same object may be queued several times (a lambda that captures
 * nothing is one object however often it is given): its stamps are kept in order and taken
 * oldest first, as a queue hands them out. Tasks are held strongly while queued, as the queue
 * holds them; one removed from the queue without running ({@code remove}, {@code shutdownNow},
 * a discarding policy) is dropped by a sweep once the table is much larger than the queue.
 */
final class StampTable {

  private static final int STRIPES = 16;
  private final Stripe[] stripes = new Stripe[STRIPES];

  StampTable() {
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Stripe();
    }
  }

  private static int hash(Object task) {
    int h = System.identityHashCode(task);
    return h ^ (h >>> 16);
  }

  /** Remembers one submission of {@code task}. */
  void put(Object task, long nanos) {
    int h = hash(task);
    stripes[h & (STRIPES - 1)].put(task, h >>> 4, nanos);
  }

  /** The oldest submission time of {@code task}, forgotten now; 0 when there is none. */
  long take(Object task) {
    int h = hash(task);
    return stripes[h & (STRIPES - 1)].take(task, h >>> 4);
  }

  /** Submissions remembered. */
  int size() {
    int n = 0;
    for (Stripe s : stripes) {
      n += s.size();
    }
    return n;
  }

  /**
   * Forgets the submissions made before {@code beforeNanos} of tasks no longer in {@code
   * queued}, the ones that left the queue without running: of a task queued n times, the n
   * newest are kept.
   */
  void sweep(Collection<?> queued, long beforeNanos) {
    Map<Object, Integer> live = new IdentityHashMap<>();
    for (Object task : queued) {
      live.merge(task, 1, Integer::sum);
    }
    for (Stripe s : stripes) {
      s.sweep(live, beforeNanos);
    }
  }

  /** The later submissions of a task queued more than once, oldest first; grows as needed. */
  static final class Later {
    private long[] ring = new long[4];
    private int head;
    private int size;

    void add(long stamp) {
      if (size == ring.length) {
        long[] grown = new long[ring.length * 2];
        for (int i = 0; i < size; i++) {
          grown[i] = ring[(head + i) % ring.length];
        }
        ring = grown;
        head = 0;
      }
      ring[(head + size++) % ring.length] = stamp;
    }

    long poll() {
      long stamp = ring[head];
      head = (head + 1) % ring.length;
      size--;
      return stamp;
    }

    long get(int i) {
      return ring[(head + i) % ring.length];
    }

    int size() {
      return size;
    }
  }

  private static final class Stripe {
    private Object[] keys = new Object[16];
    /** The oldest submission of each task. */
    private long[] stamps = new long[16];
    /** Its later submissions, where it was queued more than once. */
    private Later[] later = new Later[16];
    private int entries;
    private int size;

    synchronized void put(Object task, int h, long nanos) {
      if ((entries + 1) * 2 > keys.length) {
        resize(keys.length * 2);
      }
      int mask = keys.length - 1;
      for (int i = h & mask; ; i = (i + 1) & mask) {
        Object k = keys[i];
        if (k == null) {
          keys[i] = task;
          stamps[i] = nanos;
          entries++;
          size++;
          return;
        }
        if (k == task) {
          if (later[i] == null) {
            later[i] = new Later();
          }
          later[i].add(nanos);
          size++;
          return;
        }
      }
    }

    synchronized long take(Object task, int h) {
      if (size == 0) {
        return 0;
      }
      int mask = keys.length - 1;
      for (int i = h & mask; ; i = (i + 1) & mask) {
        Object k = keys[i];
        if (k == null) {
          return 0;
        }
        if (k == task) {
          long stamp = stamps[i];
          size--;
          Later more = later[i];
          if (more != null && more.size() > 0) {
            stamps[i] = more.poll();
          } else {
            delete(i);
          }
          return stamp;
        }
      }
    }

    synchronized int size() {
      return size;
    }

    synchronized void sweep(Map<Object, Integer> live, long beforeNanos) {
      Object[] oldKeys = keys;
      long[] oldStamps = stamps;
      Later[] oldLater = later;
      keys = new Object[oldKeys.length];
      stamps = new long[oldKeys.length];
      later = new Later[oldKeys.length];
      entries = 0;
      size = 0;
      for (int i = 0; i < oldKeys.length; i++) {
        Object k = oldKeys[i];
        if (k == null) {
          continue;
        }
        Later more = oldLater[i];
        int n = 1 + (more == null ? 0 : more.size());
        int keep = live.getOrDefault(k, 0);
        for (int j = 0; j < n; j++) {
          long stamp = j == 0 ? oldStamps[i] : more.get(j - 1);
          // The newest `keep` stay (they are still queued), and any too recent to judge.
          if (j >= n - keep || stamp - beforeNanos >= 0) {
            reinsert(k, stamp);
          }
        }
      }
    }

    /** Linear probing's deletion: later entries of the same run move back into the gap. */
    private void delete(int gap) {
      int mask = keys.length - 1;
      keys[gap] = null;
      later[gap] = null;
      entries--;
      for (int i = (gap + 1) & mask; keys[i] != null; i = (i + 1) & mask) {
        Object k = keys[i];
        int home = (hash(k) >>> 4) & mask;
        // Move k into the gap unless its home lies cyclically in (gap, i].
        boolean stays = gap <= i ? (gap < home && home <= i) : (gap < home || home <= i);
        if (!stays) {
          keys[gap] = k;
          stamps[gap] = stamps[i];
          later[gap] = later[i];
          keys[i] = null;
          later[i] = null;
          gap = i;
        }
      }
    }

    private void resize(int capacity) {
      Object[] oldKeys = keys;
      long[] oldStamps = stamps;
      Later[] oldLater = later;
      keys = new Object[capacity];
      stamps = new long[capacity];
      later = new Later[capacity];
      int mask = capacity - 1;
      for (int i = 0; i < oldKeys.length; i++) {
        Object k = oldKeys[i];
        if (k != null) {
          int j = (hash(k) >>> 4) & mask;
          while (keys[j] != null) {
            j = (j + 1) & mask;
          }
          keys[j] = k;
          stamps[j] = oldStamps[i];
          later[j] = oldLater[i];
        }
      }
    }

    /** Adds one submission while rebuilding (in order: the oldest first). */
    private void reinsert(Object k, long stamp) {
      if ((entries + 1) * 2 > keys.length) {
        resize(keys.length * 2);
      }
      int mask = keys.length - 1;
      int i = (hash(k) >>> 4) & mask;
      while (keys[i] != null && keys[i] != k) {
        i = (i + 1) & mask;
      }
      if (keys[i] == null) {
        keys[i] = k;
        stamps[i] = stamp;
        entries++;
      } else {
        if (later[i] == null) {
          later[i] = new Later();
        }
        later[i].add(stamp);
      }
      size++;
    }
  }
}
