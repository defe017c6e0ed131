package io.sliagent.bench.micro;

import io.sliagent.bootstrap.Slot;

/**
 * A library object as the agent leaves it, with a slot: a RabbitMQ channel or dispatcher, a
 * Kafka consumer, its records or their iterator; a task of a thread pool.
 */
class SlotObject implements Slot {
  private volatile Object slot;
  private long number; // plain, as the agent adds it

  @Override public Object sli$get() {
    return slot;
  }

  @Override public void sli$set(Object value) {
    slot = value;
  }

  @Override public long sli$getLong() {
    return number;
  }

  @Override public void sli$setLong(long value) {
    number = value;
  }
}
