package io.sliagent.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.UnknownHostException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ResolverTest {

  @Test
  void aHangingLookupFailsTheExportAtItsDeadlineAndIsNotStartedTwice() throws Exception {
    CountDownLatch answer = new CountDownLatch(1);
    AtomicInteger lookups = new AtomicInteger();
    Resolver r = new Resolver("https://otel-collector:4318/v1/metrics", host -> {
      assertEquals("otel-collector", host);
      lookups.incrementAndGet();
      try {
        answer.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    long began = System.nanoTime();
    assertFalse(r.resolvedWithin(200));
    assertFalse(r.resolvedWithin(200));
    long tookMillis = (System.nanoTime() - began) / 1_000_000;
    assertTrue(tookMillis < 5_000, "took " + tookMillis + " ms");
    assertEquals(1, lookups.get(), "a second lookup was started while the first hung");
    answer.countDown();
    assertTrue(r.resolvedWithin(5_000));
    assertTrue(r.resolvedWithin(5_000));
    assertEquals(2, lookups.get(), "each export looks the name up (the JVM caches it)");
    r.close();
  }

  @Test
  void aFailedLookupIsLeftToTheSenderToReport() {
    Resolver r = new Resolver("http://no-such-host.invalid:4318", host -> {
      throw new UnknownHostException(host);
    });
    assertTrue(r.resolvedWithin(1_000));
    r.close();
  }

  @Test
  void addressesAreNotLookedUp() {
    AtomicInteger lookups = new AtomicInteger();
    for (String endpoint : new String[] {"http://127.0.0.1:4318", "http://[::1]:4317"}) {
      Resolver r = new Resolver(endpoint, host -> lookups.incrementAndGet());
      assertTrue(r.resolvedWithin(1));
    }
    assertEquals(0, lookups.get());
  }
}
