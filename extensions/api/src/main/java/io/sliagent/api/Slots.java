package io.sliagent.api;

import io.sliagent.bootstrap.Slot;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Per-object state for instrumented objects: the injected {@link Slot} field where the class
 * loaded after the agent, else a weak map (classes loaded before the agent cannot gain fields).
 */
public final class Slots {

  private final Map<Object, Object> fallback = Collections.synchronizedMap(new WeakHashMap<>());
  private final Map<Object, Object> longs = Collections.synchronizedMap(new WeakHashMap<>());

  /** The state kept for {@code owner}, or null. */
  public Object get(Object owner) {
    if (owner instanceof Slot) {
      return ((Slot) owner).sli$get();
    }
    return owner == null ? null : fallback.get(owner);
  }

  /** Keeps {@code value} for {@code owner}, for as long as {@code owner} lives. */
  public void set(Object owner, Object value) {
    if (owner instanceof Slot) {
      ((Slot) owner).sli$set(value);
    } else if (owner != null) {
      fallback.put(owner, value);
    }
  }

  /** The number kept for {@code owner} by {@link #setLong}, or 0. */
  public long getLong(Object owner) {
    if (owner instanceof Slot) {
      return ((Slot) owner).sli$getLong();
    }
    Object v = owner == null ? null : longs.get(owner);
    return v instanceof Long ? (Long) v : 0L;
  }

  /**
   * Keeps a number for {@code owner}: in its slot without allocating, else in a weak map; 0
   * removes it from the map. The slot's number is a plain field, not a volatile one: set it
   * before the library hands {@code owner} to another thread (a task into a queue), or read it
   * on the thread that set it.
   */
  public void setLong(Object owner, long value) {
    if (owner instanceof Slot) {
      ((Slot) owner).sli$setLong(value);
    } else if (owner != null) {
      if (value == 0) {
        longs.remove(owner);
      } else {
        longs.put(owner, value);
      }
    }
  }
}
