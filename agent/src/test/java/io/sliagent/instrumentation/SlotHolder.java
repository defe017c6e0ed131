package io.sliagent.instrumentation;

import io.sliagent.bootstrap.Slot;

/** An object with the fields the agent adds to the classes that ask for a slot, for tests. */
public class SlotHolder implements Slot {
  private volatile Object value;
  private long number; // plain, as the agent adds it

  @Override
  public Object sli$get() {
    return value;
  }

  @Override
  public void sli$set(Object v) {
    value = v;
  }

  @Override
  public long sli$getLong() {
    return number;
  }

  @Override
  public void sli$setLong(long v) {
    number = v;
  }
}
