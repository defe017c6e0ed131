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
import io.sliagent.instrumentation.SlotHolder;
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
  private final SlotHolder consumer = new SlotHolder();
  private final SlotHolder iterator = new SlotHolder();

  /** Polls, links the records' iterator to the consumer and hands out {@code records}. */
  private void pollAndIterate(Object records) {
    poll.onEvent(consumer, "billing", null);
    polled(records);
    consumers.link().onEvent(records, iterator, null);
  }

  /**
   * A poll's end as its advice reports it: the lag of each assigned partition of "orders" (by
   * number; -1: not known), then the records.
   */
  private void polled(Object records, long... lags) {
    for (int p = 0; p < lags.length; p++) {
      consumer.sli$setLong(lags[p]);
      poll.onEvent(consumer, "orders", p);
    }
    poll.onEvent(consumer, records, Boolean.TRUE);
  }

  private void handOut(Object record, long timestamp) {
    iterator.sli$setLong(timestamp);
    next.onEvent(iterator, "orders", record);
  }

  @Test
  void aRecordEndsAtTheNextOrAtTheEndOfTheIteration() {
    SlotHolder records = new SlotHolder();
    pollAndIterate(records);
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
    pollAndIterate(new SlotHolder());
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
    pollAndIterate(new SlotHolder());
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
    pollAndIterate(new SlotHolder());
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
    poll.onEvent(consumer, "billing", null);
    SlotHolder records = new SlotHolder();
    polled(records, 7, -1); // partition 1's lag not known yet: no point
    Map<String, LongSupplier> lags = recorded.only().lags;
    assertEquals(Map.of("0", 7L), values(lags));
    polled(null, -1, 4); // partition 0's not known at this poll: the last one stands
    assertEquals(Map.of("0", 7L, "1", 4L), values(lags));
    polled(null, 2, 0);
    assertEquals(Map.of("0", 2L, "1", 0L), values(lags));
    consumers.link().onEvent(records, iterator, null);
    handOut("r1", -1);
    consumers.close().onEvent(consumer, null, null);
    assertEquals(List.of(Consumers.ABANDONED), recorded.only().outcomes);
    assertEquals(Map.of("0", -1L, "1", -1L), values(lags));
  }

  @Test
  void aPartitionNoLongerAssignedHasNoLagAndOneAssignedAgainANewOne() {
    poll.onEvent(consumer, "billing", null);
    polled(null, 3, 5);
    Map<String, LongSupplier> lags = recorded.only().lags;
    LongSupplier first = lags.get("0");
    consumer.sli$setLong(2); // a rebalance took partition 0 away
    poll.onEvent(consumer, "orders", 1);
    poll.onEvent(consumer, null, Boolean.TRUE);
    assertEquals(Map.of("0", -1L, "1", 2L), values(lags));
    polled(null, 6, 1); // and gave it back
    assertEquals(-1, first.getAsLong());
    assertEquals(Map.of("0", 6L, "1", 1L), values(lags));
    polled(null); // none assigned
    assertEquals(Map.of("0", -1L, "1", -1L), values(lags));
  }

  @Test
  void partitionsOfSeveralTopicsAndLargeNumbersAreKeptApart() {
    poll.onEvent(consumer, "billing", null);
    consumer.sli$setLong(9);
    poll.onEvent(consumer, "invoices", 300);
    polled(null, 1);
    assertEquals(Map.of("300", 9L), values(recorded.points.get(key("invoices")).lags));
    assertEquals(Map.of("0", 1L), values(recorded.points.get(key("orders")).lags));
    polled(null, 1); // invoices no longer assigned
    assertEquals(Map.of("300", -1L), values(recorded.points.get(key("invoices")).lags));
  }

  private Object key(String topic) {
    for (Map.Entry<Object, Recorded.Point> p : recorded.points.entrySet()) {
      if (topic.equals(p.getValue().attributes.get("messaging.destination.name"))) {
        return p.getKey();
      }
    }
    throw new AssertionError("no endpoint of " + topic);
  }

  private static Map<String, Long> values(Map<String, LongSupplier> lags) {
    Map<String, Long> v = new HashMap<>();
    lags.forEach((partition, source) -> v.put(partition, source.getAsLong()));
    return v;
  }

  @Test
  void recordsNotPolledByAConsumerAreNotMeasured() {
    handOut("r1", -1);
    next.onEvent(iterator, null, null);
    assertTrue(recorded.points.isEmpty());
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
      /** The lag's latest source per partition. */
      final Map<String, LongSupplier> lags = new HashMap<>();

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
      public void observe(int gauge, EndpointAttributes extra, LongSupplier source) {
        assertEquals(0, gauge);
        assertEquals(1, extra.size());
        lags.put((String) extra.get(Consumers.PARTITION), source);
      }
    }
  }
}
