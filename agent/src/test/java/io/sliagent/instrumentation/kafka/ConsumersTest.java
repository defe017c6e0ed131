package io.sliagent.instrumentation.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sliagent.api.CallHandler;
import io.sliagent.api.Endpoint;
import io.sliagent.api.EndpointAttributes;
import io.sliagent.api.Recorder;
import io.sliagent.api.Signal;
import io.sliagent.bootstrap.Slot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The handlers' side of a consumer's life, driven as the advice drives it (stand-in objects for
 * the consumer, its records and their iterator): when a record's processing ends, and how.
 */
class ConsumersTest {

  private final Recorded recorded = new Recorded();
  private final Consumers consumers = new Consumers(recorded);
  private final CallHandler poll = consumers.poll();
  private final CallHandler next = consumers.next();
  private final Holder consumer = new Holder();
  private final Holder iterator = new Holder();

  /** Polls, links the records' iterator to the consumer and hands out {@code records}. */
  private void pollAndIterate(Object records, Map<String, Long> lags) {
    poll.onEvent(consumer, "billing", null);
    poll.onEvent(consumer, records, lags);
    consumers.link().onEvent(records, iterator, null);
  }

  private void handOut(Object record, long timestamp) {
    iterator.sli$setLong(timestamp);
    next.onEvent(iterator, "orders", record);
  }

  @Test
  void aRecordEndsAtTheNextOrAtTheEndOfTheIteration() {
    Holder records = new Holder();
    pollAndIterate(records, Map.of());
    handOut("r1", System.currentTimeMillis() - 5_000);
    handOut("r2", -1); // no timestamp: no age
    next.onEvent(iterator, null, null); // the iteration ended
    Recorded.Point e = recorded.only();
    assertEquals(List.of("ok", "ok"), e.outcomes);
    assertEquals(1, e.ages.size());
    assertTrue(e.ages.get(0) >= 5_000_000_000L && e.ages.get(0) < 60_000_000_000L);
    assertEquals(Map.of("messaging.system", "kafka", "messaging.destination.name", "orders",
        "messaging.consumer.group.name", "billing"), e.attributes);
  }

  @Test
  void aSeekBackFailsTheOpenRecordAndAPollEndsOneWell() {
    pollAndIterate(new Holder(), Map.of());
    handOut("r1", -1);
    // The advice hands the open record over only when the seek goes back to it.
    assertSame("r1", ((Supplier<?>) consumer.sli$get()).get());
    consumers.seek().onEvent(consumer, "another", null);
    consumers.seek().onEvent(consumer, "r1", null);
    assertNull(((Supplier<?>) consumer.sli$get()).get());
    handOut("r1", -1); // handed out again after the next poll...
    poll.onEvent(consumer, null, null); // ...and done when the application polls
    consumers.commit().onEvent(consumer, null, null); // nothing open: nothing more
    assertEquals(List.of(Consumers.REWOUND, "ok"), recorded.only().outcomes);
  }

  @Test
  void aContainerFailsTheOpenRecordAndItsErrorHandlerTakesTheOthersUncounted() {
    pollAndIterate(new Holder(), Map.of());
    handOut("r1", -1);
    RecordProcessing processing = (RecordProcessing) consumer.sli$get();
    processing.failed("another", "java.lang.IllegalStateException"); // not the open one
    processing.resume();
    processing.failed("r1", "java.lang.IllegalStateException");
    handOut("r2", System.currentTimeMillis()); // taken back by the error handler: no age either
    next.onEvent(iterator, null, null);
    consumers.seek().onEvent(consumer, "r1", null); // nothing open
    processing.resume();
    handOut("r2", -1); // handed out again after the next poll, and processed
    next.onEvent(iterator, null, null);
    Recorded.Point e = recorded.only();
    assertEquals(List.of("java.lang.IllegalStateException", "ok"), e.outcomes);
    assertEquals(0, e.ages.size());
  }

  @Test
  void aBatchListenersCallsAreOneProcessingOfEachRecord() {
    pollAndIterate(new Holder(), Map.of());
    RecordProcessing processing = (RecordProcessing) consumer.sli$get();
    processing.batch();
    handOut("r1", System.currentTimeMillis()); // copied into the listener's list: aged only
    handOut("r2", System.currentTimeMillis());
    next.onEvent(iterator, null, null);
    processing.batchAttempt("orders", 2, 7_000_000, "java.lang.IllegalStateException");
    handOut("r1", System.currentTimeMillis()); // the error handler reads the batch again

    processing.batchAttempt("orders", 2, 5_000_000, null); // the retry
    processing.resume();
    Recorded.Point e = recorded.only();
    assertEquals(List.of("java.lang.IllegalStateException", "java.lang.IllegalStateException",
        "ok", "ok"), e.outcomes);
    assertEquals(2, e.ages.size());
  }

  @Test
  void closingInTheMiddleAbandonsTheRecordAndTheLag() {
    Map<String, Long> lags = new HashMap<>();
    lags.put("orders", 7L);
    pollAndIterate(new Holder(), lags);
    LongSupplier lag = recorded.only().lag;
    assertEquals(7, lag.getAsLong());
    lags.put("orders", -1L); // not known at this poll: the last one stands
    poll.onEvent(consumer, null, lags);
    assertEquals(7, lag.getAsLong());
    handOut("r1", -1);
    consumers.close().onEvent(consumer, null, null);
    assertEquals(List.of(Consumers.ABANDONED), recorded.only().outcomes);
    assertEquals(-1, lag.getAsLong());
  }

  @Test
  void aTopicNoLongerAssignedHasNoLag() {
    pollAndIterate(new Holder(), Map.of("orders", 3L));
    LongSupplier lag = recorded.only().lag;
    poll.onEvent(consumer, null, Map.of());
    assertEquals(-1, lag.getAsLong());
  }

  @Test
  void recordsNotPolledByAConsumerAreNotMeasured() {
    handOut("r1", -1);
    next.onEvent(iterator, null, null);
    assertTrue(recorded.points.isEmpty());
  }

  /** An object with the field the agent adds to Kafka's classes. */
  static final class Holder implements Slot {
    private Object value;
    private long number;

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

  /** Keeps what is recorded, per endpoint. */
  static final class Recorded implements Recorder {
    final Map<Object, Point> points = new HashMap<>();

    Point only() {
      assertEquals(1, points.size(), points.toString());
      return points.values().iterator().next();
    }

    @Override
    public Signal signal() {
      return Signal.CONSUMER;
    }

    @Override
    public Endpoint find(Object key) {
      return points.get(key);
    }

    @Override
    public <K> Endpoint endpoint(K key, Function<? super K, EndpointAttributes> attributes) {
      return points.computeIfAbsent(key, k -> new Point(attributes.apply(key)));
    }

    static final class Point implements Endpoint {
      final Map<String, Object> attributes = new HashMap<>();
      final List<String> outcomes = new ArrayList<>();
      final List<Long> ages = new ArrayList<>();
      LongSupplier lag;

      Point(EndpointAttributes a) {
        for (int i = 0; i < a.size(); i++) {
          attributes.put(a.key(i), a.value(i));
        }
      }

      @Override
      public void record(long nanos, int statusCode, String errorType, int retries) {
        assertTrue(nanos >= 0);
        outcomes.add(errorType == null ? "ok" : errorType);
      }

      @Override
      public void recordMeasure(int measure, long nanos) {
        assertEquals(Signal.MESSAGE_AGE, measure);
        ages.add(nanos);
      }

      @Override
      public void count(int counter, long n) {
        throw new AssertionError("no counters");
      }

      @Override
      public void observe(int gauge, LongSupplier source) {
        assertEquals(0, gauge);
        lag = source;
      }
    }
  }
}
