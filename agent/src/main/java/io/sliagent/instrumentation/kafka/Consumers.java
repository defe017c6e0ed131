package io.sliagent.instrumentation.kafka;

import io.sliagent.api.CallHandler;
import io.sliagent.api.Endpoint;
import io.sliagent.api.EndpointAttributes;
import io.sliagent.api.Recorder;
import io.sliagent.api.Signal;
import io.sliagent.api.Slots;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The consumers and the records they handed out. Each consumer's {@link State} lives in its slot
 * and is linked to the records it polled, their iterables and iterators, so a record is counted
 * for its consumer (its group) on whatever thread it is iterated.
 *
 * <p>A record's processing starts when the application's iteration reaches it and ends, as a
 * success, when the application asks for the next one of that consumer's records, the iteration
 * ends, or the consumer polls or commits. It ends as a failure when, before any of those, the
 * consumer is
 * <ul>
 *   <li>sought back to the record or before it on its partition ({@link #REWOUND}): the
 *       application will process it again, as a retry loop or Spring Kafka's error handler does
 *       after the processing threw;
 *   <li>closed ({@link #ABANDONED}): the loop was left in the middle of the records, by an
 *       exception (or a {@code break}: the two cannot be told apart from the consumer);
 *   <li>a listener container that saw the processing throw says so ({@link RecordProcessing}),
 *       with the exception's class.
 * </ul>
 * The application's exception itself is never seen (it is thrown in the application's code), so
 * {@code error.type} says what the consumer was told, not why. A record whose thread dies and
 * whose consumer is never touched again is not counted.
 *
 * <p>Records are assumed to be processed one at a time per consumer, as {@code KafkaConsumer}
 * requires of its callers; records of one consumer iterated on two threads at once would be
 * measured as one sequence.
 */
final class Consumers {

  static final String REWOUND = "rewound";
  static final String ABANDONED = "abandoned";
  private static final int PROCESSED = 0;
  private static final int HELD = 1;
  private static final int BATCHED = 2;
  private static final long NANOS_PER_MILLI = TimeUnit.MILLISECONDS.toNanos(1);
  /** The semantic conventions' attribute of a lag's point: the partition's number. */
  static final String PARTITION = "messaging.destination.partition.id";

  private final Recorder recorder;
  private final Slots slots = new Slots();

  Consumers(Recorder recorder) {
    this.recorder = recorder;
  }

  /** An endpoint's identity: the topic and the consumer's group (null: none). */
  private static final class Key {
    final String topic;
    final String group;

    Key(String topic, String group) {
      this.topic = topic;
      this.group = group;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key && ((Key) o).topic.equals(topic)
          && Objects.equals(((Key) o).group, group);
    }

    @Override
    public int hashCode() {
      return topic.hashCode() * 31 + Objects.hashCode(group);
    }
  }

  private static EndpointAttributes attributes(Key key) {
    EndpointAttributes.Builder b = EndpointAttributes.builder()
        .put("messaging.system", "kafka")
        .put("messaging.destination.name", key.topic);
    if (key.group != null) {
      b.put("messaging.consumer.group.name", key.group);
    }
    return b.build();
  }

  /**
   * One consumer. A {@link Supplier} of the record being processed, so the seek advice, which
   * finds this state in the consumer's slot, can compare it with where the consumer is sought
   * (it reads the record where Kafka's types link; nothing here does).
   */
  final class State implements Supplier<Object>, RecordProcessing {
    final String group;
    /**
     * What records handed out now are for: {@link #PROCESSED} one at a time, {@link #HELD} by
     * an error handler (not counted), {@link #BATCHED} for a batch listener (their age taken,
     * their processing counted by {@link #batchAttempt}). Set on the consumer's thread.
     */
    private int mode = PROCESSED;
    /** The record being processed (a {@code ConsumerRecord}, never read here), or null. */
    private volatile Object open;
    private long start;
    private Endpoint openEndpoint;
    private String lastTopic;
    private Endpoint lastEndpoint;
    /**
     * The lag of each assigned partition whose lag the consumer knew at some poll, by topic and
     * partition number, and all of them in a list; updated in place at each poll, on the
     * consumer's thread, under this state's lock (a close from another thread takes it too).
     */
    private final Map<String, Lag[]> lagsByTopic = new HashMap<>();
    private final List<Lag> lags = new ArrayList<>();
    /** Polls so far: a partition whose lag was not reported at the last one is not assigned. */
    private int polls;

    State(String group) {
      this.group = group;
    }

    @Override
    public Object get() {
      return open;
    }

    @Override
    public void failed(Object record, String errorType) {
      if (record != null && record == open) {
        end(errorType, System.nanoTime());
      }
      mode = HELD;
    }

    @Override
    public void batch() {
      end(null, System.nanoTime());
      mode = BATCHED;
    }

    @Override
    public void batchAttempt(String topic, int records, long nanos, String errorType) {
      Endpoint e = endpoint(topic);
      for (int i = 0; i < records; i++) {
        e.record(nanos, 0, errorType);
      }
    }

    @Override
    public void resume() {
      mode = PROCESSED;
    }

    Endpoint endpoint(String topic) {
      if (topic.equals(lastTopic)) {
        return lastEndpoint;
      }
      Endpoint e = recorder.endpoint(new Key(topic, group), Consumers::attributes);
      lastTopic = topic;
      lastEndpoint = e;
      return e;
    }

    /** The record being processed, if any, is done: a success when {@code error} is null. */
    void end(String error, long now) {
      if (open != null) {
        open = null;
        openEndpoint.record(now - start, 0, error);
      }
    }

    void begin(Object record, String topic, long timestamp, long now) {
      Endpoint e = endpoint(topic);
      openEndpoint = e;
      start = now;
      open = record;
      age(e, timestamp);
    }

    void age(Endpoint e, long timestamp) {
      if (timestamp > 0) {
        // CreateTime or LogAppendTime alike: the record's age by this host's clock, never
        // negative when the producer's clock is ahead.
        long ageMillis = Math.max(0, System.currentTimeMillis() - timestamp);
        e.recordMeasure(Signal.MESSAGE_AGE, ageMillis * NANOS_PER_MILLI);
      }
    }

    /**
     * A partition assigned at this poll and its lag ({@code lag} -1: the consumer does not know
     * it, the last one stands, or none yet).
     */
    synchronized void lag(String topic, int partition, long lag) {
      Lag[] known = lagsByTopic.get(topic);
      Lag l = known != null && partition < known.length ? known[partition] : null;
      if (l == null) {
        if (lag < 0 || partition < 0) {
          return;
        }
        l = new Lag(topic, partition, lag);
        if (known == null || partition >= known.length) {
          known = known == null ? new Lag[partition + 1] : Arrays.copyOf(known, partition + 1);
          lagsByTopic.put(topic, known);
        }
        known[partition] = l;
        lags.add(l);
        endpoint(topic).observe(0, EndpointAttributes.builder()
            .put(PARTITION, Integer.toString(partition)).build(), l);
      } else if (lag >= 0) {
        l.value = lag;
      }
      l.poll = polls;
    }

    /** The poll's partitions were all reported: the others are no longer assigned. */
    synchronized void polled() {
      for (int i = lags.size() - 1; i >= 0; i--) {
        Lag l = lags.get(i);
        if (l.poll != polls) {
          forget(i);
        }
      }
      polls++;
    }

    synchronized void closed() {
      for (int i = lags.size() - 1; i >= 0; i--) {
        forget(i);
      }
    }

    /** The {@code i}-th lag is gone; the last one takes its place in the list. */
    private void forget(int i) {
      Lag l = lags.get(i);
      l.gone = true;
      Lag last = lags.remove(lags.size() - 1);
      if (last != l) {
        lags.set(i, last);
      }
      Lag[] known = lagsByTopic.get(l.topic);
      known[l.partition] = null;
      for (Lag other : known) {
        if (other != null) {
          return;
        }
      }
      lagsByTopic.remove(l.topic);
    }
  }

  /** One partition's lag for one consumer, read on the agent's export thread: only a number. */
  static final class Lag implements LongSupplier {
    final String topic;
    final int partition;
    volatile long value;
    volatile boolean gone;
    /** The last poll that reported it; on the consumer's thread. */
    int poll;

    Lag(String topic, int partition, long value) {
      this.topic = topic;
      this.partition = partition;
      this.value = value;
    }

    @Override
    public long getAsLong() {
      return gone ? -1 : value;
    }
  }

  private State state(Object owner) {
    Object s = slots.get(owner);
    return s instanceof State ? (State) s : null;
  }

  // The handlers

  /**
   * Poll started (the group on the first); or ended: each assigned partition (its lag in the
   * consumer's slot), then the records.
   */
  CallHandler poll() {
    return CallHandler.ofEvents((consumer, argument, result) -> {
      State s = state(consumer);
      if (result == null) {
        if (s == null) {
          synchronized (this) {
            s = state(consumer);
            if (s == null) {
              slots.set(consumer, new State((String) argument));
            }
          }
        } else {
          s.end(null, System.nanoTime());
        }
      } else if (s != null) {
        if (result instanceof Integer) {
          s.lag((String) argument, (Integer) result, slots.getLong(consumer));
          return;
        }
        if (argument != null) {
          slots.set(argument, s);
        }
        s.polled();
      }
    });
  }

  CallHandler commit() {
    return CallHandler.ofEvents((consumer, a, r) -> {
      State s = state(consumer);
      if (s != null) {
        s.end(null, System.nanoTime());
      }
    });
  }

  /** The seek advice found the consumer sought back to the record being processed. */
  CallHandler seek() {
    return CallHandler.ofEvents((consumer, record, r) -> {
      State s = state(consumer);
      if (s != null && s.open == record) {
        s.end(REWOUND, System.nanoTime());
      }
    });
  }

  CallHandler close() {
    return CallHandler.ofEvents((consumer, a, r) -> {
      State s = state(consumer);
      if (s != null) {
        s.end(ABANDONED, System.nanoTime());
        s.closed();
      }
    });
  }

  /** The records' iterable or iterator belongs to the consumer its maker belongs to. */
  CallHandler link() {
    return CallHandler.ofEvents((owner, made, r) -> {
      State s = state(owner);
      if (s != null) {
        slots.set(made, s);
      }
    });
  }

  /** The iterator made the next record (the previous one is done), or none: the end. */
  CallHandler next() {
    return CallHandler.ofEvents((iterator, topic, record) -> {
      State s = state(iterator);
      if (s == null || s.mode == HELD) {
        // Records not polled by an instrumented consumer (made by a test, say), or taken back
        // by a listener container's error handler.
        return;
      }
      if (s.mode == BATCHED) {
        if (record != null) {
          s.age(s.endpoint((String) topic), slots.getLong(iterator));
        } else {
          // Copied into the batch: further iterations (an error handler's) age nothing again.
          s.mode = HELD;
        }
        return;
      }
      long now = System.nanoTime();
      s.end(null, now);
      if (record != null) {
        s.begin(record, (String) topic, slots.getLong(iterator), now);
      }
    });
  }
}
