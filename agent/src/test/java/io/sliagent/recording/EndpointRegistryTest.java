package io.sliagent.recording;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.sliagent.api.EndpointAttributes;
import io.sliagent.api.Signal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class EndpointRegistryTest {

  static final String NAME = "name";
  static final Bindings NO_OBJECTIVES = Bindings.NONE;

  @Test
  void pastTheCapEveryCallIsCountedUnderOneOverflowEndpoint() {
    EndpointRegistry r = new EndpointRegistry(Signal.HTTP_CLIENT, 3, NO_OBJECTIVES);
    for (int i = 0; i < 10; i++) {
      String key = "e" + i;
      endpoint(r, key, EndpointRegistryTest::named).record(1_000_000, 200, null);
    }
    assertEquals(3, r.size());
    long total = 0;
    Endpoint overflow = null;
    for (Endpoint e : r.endpoints()) {
      for (Series s : e.series()) {
        total += sum(s.bucketCounts());
      }
      if (Boolean.TRUE.equals(e.attributes().get(EndpointRegistry.OVERFLOW))) {
        overflow = e;
      }
    }
    assertEquals(10, total);
    assertEquals(7, sum(overflow.series()[0].bucketCounts()));
    assertSame(endpoint(r, "e0", k -> EMPTY), endpoint(r, "e0", k -> EMPTY));
  }

  @Test
  void concurrentRecordingLosesNothing() throws Exception {
    EndpointRegistry r = new EndpointRegistry(Signal.DB_CLIENT, 100, NO_OBJECTIVES);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> work = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      work.add(pool.submit(() -> {
        for (int i = 0; i < 50_000; i++) {
          endpoint(r, "k" + (i % 5), EndpointRegistryTest::named)
              .record(i, 0, i % 10 == 0 ? "E" : null);
        }
      }));
    }
    for (Future<?> f : work) {
      f.get();
    }
    pool.shutdown();
    long total = 0;
    long hdr = 0;
    for (Endpoint e : r.endpoints()) {
      for (Series s : e.series()) {
        total += sum(s.bucketCounts());
      }
      hdr += e.copyLatencyInto(Endpoint.newLatencyHistogram()).getTotalCount();
    }
    assertEquals(400_000, total);
    assertEquals(400_000, hdr);
  }

  @Test
  void bucketsIncludeTheirUpperBoundary() {
    Endpoint e = endpoint(new EndpointRegistry(Signal.HTTP_CLIENT, 10, NO_OBJECTIVES), "x",
        k -> EMPTY);
    e.record(5_000_000, 200, null); // exactly 0.005 s: first bucket (<= 0.005)
    e.record(5_000_001, 200, null); // just above: second bucket
    e.record(20_000_000_000L, 200, null); // above the last boundary
    long[] counts = e.series()[0].bucketCounts();
    long[] expected = new long[counts.length];
    expected[0] = 1;
    expected[1] = 1;
    expected[counts.length - 1] = 1;
    assertArrayEquals(expected, counts);
    assertEquals(5_000_000, e.series()[0].minNanos());
    assertEquals(20_000_000_000L, e.series()[0].maxNanos());
  }

  static EndpointAttributes named(String name) {
    return EndpointAttributes.builder().put(NAME, name).build();
  }

  static final EndpointAttributes EMPTY = EndpointAttributes.builder().build();

  /** The registry's own endpoint type, which these tests read. */
  static Endpoint endpoint(EndpointRegistry r, String key,
      java.util.function.Function<String, EndpointAttributes> attributes) {
    return (Endpoint) r.endpoint(key, attributes);
  }

  private static long sum(long[] a) {
    long s = 0;
    for (long v : a) {
      s += v;
    }
    return s;
  }
}
