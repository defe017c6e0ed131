package io.sliagent.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.sliagent.api.EndpointAttributes;
import io.sliagent.api.Signal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A gauge's points: the endpoint's own, and one per part of it (a partition of a topic). */
class EndpointGaugeTest {

  private static final String PARTITION = "messaging.destination.partition.id";
  private final Endpoint orders = (Endpoint) new EndpointRegistry(Signal.CONSUMER, 10,
      Bindings.NONE).endpoint("orders", k -> EndpointAttributes.builder()
          .put("messaging.system", "kafka").put("messaging.destination.name", "orders").build());

  private static EndpointAttributes partition(int p) {
    return EndpointAttributes.builder().put(PARTITION, Integer.toString(p)).build();
  }

  /** The gauge's points now, by their partition ("" for the endpoint's own point). */
  private static Map<String, Long> points(Endpoint e) {
    Map<String, Long> points = new LinkedHashMap<>();
    e.gauge(0, (attributes, value) -> {
      assertEquals("orders", attributes.get(AttributeKey.stringKey("messaging.destination.name")));
      String p = attributes.get(AttributeKey.stringKey(PARTITION));
      points.put(p == null ? "" : p, value);
    });
    return points;
  }

  @Test
  void onePointPerPartitionEachTheSumOfItsSources() {
    AtomicLong p0 = new AtomicLong(7);
    AtomicLong p1 = new AtomicLong(0);
    AtomicLong p1Other = new AtomicLong(5); // another consumer of the group, same partition
    orders.observe(0, partition(0), p0::get);
    orders.observe(0, partition(1), p1::get);
    orders.observe(0, partition(1), p1Other::get);
    assertEquals(Map.of("0", 7L, "1", 5L), points(orders));
    p0.set(3);
    assertEquals(Map.of("0", 3L, "1", 5L), points(orders));
  }

  @Test
  void aPartitionWhoseSourcesAreAllGoneHasNoPointUntilItHasOneAgain() {
    AtomicLong p0 = new AtomicLong(7);
    AtomicLong p1 = new AtomicLong(2);
    AtomicLong p1Other = new AtomicLong(4);
    orders.observe(0, partition(0), p0::get);
    orders.observe(0, partition(1), p1::get);
    orders.observe(0, partition(1), p1Other::get);
    p0.set(-1);
    p1.set(-1);
    assertEquals(Map.of("1", 4L), points(orders));
    p0.set(9); // gone is gone: the source was dropped
    orders.observe(0, partition(0), () -> 1);
    assertEquals(Map.of("1", 4L, "0", 1L), points(orders));
    orders.observe(0, () -> {
      throw new IllegalStateException("a source that throws is gone");
    });
    assertEquals(Map.of("1", 4L, "0", 1L), points(orders));
  }

  @Test
  void withoutExtraAttributesTheEndpointsOwnPoint() {
    orders.observe(0, () -> 2);
    orders.observe(0, EndpointAttributes.builder().build(), () -> 3);
    Map<Attributes, Long> points = new LinkedHashMap<>();
    orders.gauge(0, points::put);
    assertEquals(Map.of(orders.attributes(), 5L), points);
  }

  @Test
  void anExtraAttributeReplacesTheEndpointsOfTheSameName() {
    orders.observe(0, EndpointAttributes.builder().put("messaging.destination.name", "other")
        .put(PARTITION, "0").build(), () -> 1);
    Map<Attributes, Long> points = new LinkedHashMap<>();
    orders.gauge(0, points::put);
    assertEquals(Map.of(Attributes.builder().put("messaging.system", "kafka")
        .put("messaging.destination.name", "other").put(PARTITION, "0").build(), 1L), points);
  }

  @Test
  void sourcesPastTheCapAreIgnoredAndRoomIsMadeByThoseGone() {
    AtomicLong live = new AtomicLong(1);
    for (int i = 0; i < Endpoint.MAX_GAUGE_SOURCES; i++) {
      orders.observe(0, partition(i), live::get);
    }
    orders.observe(0, partition(-1), () -> 100);
    Map<String, Long> points = points(orders);
    assertEquals(Endpoint.MAX_GAUGE_SOURCES, points.size());
    assertEquals(null, points.get("-1"));
    live.set(-1);
    assertEquals(Map.of(), points(orders));
    orders.observe(0, partition(-1), () -> 100);
    assertEquals(Map.of("-1", 100L), points(orders));
  }
}
