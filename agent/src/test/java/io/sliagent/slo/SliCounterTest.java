package io.sliagent.slo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Rolling windows against a clock the test controls. */
class SliCounterTest {

  static final long S = 1000;
  static final long M = 60 * S;
  static final long H = 60 * M;
  static final long D = 24 * H;
  static final long T0 = 1_800_000_000_000L; // a whole number of hours since the epoch

  @Test
  void historyGivesEachMinuteOfTheLastHourFromTheRings() {
    SliCounter c = new SliCounter(28 * D, T0);
    long now = T0;
    // minute m: m good events and one bad, then the minute passes in 10-second ticks
    for (int m = 0; m < 90; m++) {
      record(c, m, 1);
      for (int tick = 0; tick < 6; tick++) {
        now += 10 * S;
        c.advance(now);
      }
      if (m == 29) {
        // half an hour in: the first half of the hour is before counting started
        long[][] young = c.history(M, 60, now);
        for (int i = 0; i < 30; i++) {
          assertArrayEquals(new long[] {0, 0}, young[i]);
          assertArrayEquals(new long[] {i, i + 1}, young[30 + i]);
        }
      }
    }
    long[][] h = c.history(M, 60, now);
    assertEquals(60, h.length);
    long good = 0;
    long total = 0;
    for (int i = 0; i < 60; i++) {
      assertArrayEquals(new long[] {30 + i, 31 + i}, h[i], "minute " + (30 + i));
      good += h[i][0];
      total += h[i][1];
    }
    // the minutes add up to the hour's window: both read the same rings
    assertArrayEquals(new long[] {good, total}, c.window(H, now));
  }

  @Test
  void aWindowLongerThanTheProcessCoversWhatItHasSeen() {
    SliCounter c = new SliCounter(28 * D, T0);
    record(c, 7, 3);
    assertArrayEquals(new long[] {7, 10}, c.window(5 * M, T0 + 30 * S));
    assertArrayEquals(new long[] {7, 10}, c.window(28 * D, T0 + 30 * S));
  }

  @Test
  void eventsLeaveTheWindowAsTimePasses() {
    SliCounter c = new SliCounter(28 * D, T0);
    long now = T0;
    // one minute of bad events, then ten minutes of good ones, ticking every 2 s
    for (int i = 0; i < 30; i++) {
      record(c, 0, 1);
      now += 2 * S;
      c.advance(now);
    }
    for (int i = 0; i < 300; i++) {
      record(c, 1, 0);
      now += 2 * S;
      c.advance(now);
    }
    // 11 minutes in: the 5-minute window holds good events only, the 30-minute one everything
    assertArrayEquals(new long[] {150, 150}, c.window(5 * M, now));
    assertArrayEquals(new long[] {300, 330}, c.window(30 * M, now));
    assertEquals(0.0, Evaluation.burnRate(150, 150, 0.99));
  }

  @Test
  void windowsAreExactAtTheirResolutionAcrossBoundaries() {
    SliCounter c = new SliCounter(28 * D, T0);
    long now = T0;
    // one event at each 10-second boundary for two hours
    for (int i = 0; i < 720; i++) {
      now += 10 * S;
      c.advance(now);
      record(c, 1, 0);
    }
    // a 5-minute window at a boundary is [now - 5m, now]: both ends hold an event, 31 in all
    assertEquals(31, c.window(5 * M, now)[1]);
    assertEquals(361, c.window(1 * H, now)[1]);
    // 90 minutes is served by the 1-minute ring, exact at a minute boundary
    assertEquals(541, c.window(90 * M, now)[1]);
    // 2h reaches back to the start: everything seen
    assertEquals(720, c.window(2 * H, now)[1]);
    // 5 seconds later the window starts at the previous 10 s boundary: never less than 5m
    assertEquals(31, c.window(5 * M, now + 5 * S)[1]);
    // 10 seconds later the oldest event has left it
    assertEquals(30, c.window(5 * M, now + 10 * S)[1]);
  }

  @Test
  void longWindowsUseCoarseRingsWithBoundedMemory() {
    SliCounter c = new SliCounter(28 * D, T0);
    long now = T0;
    for (int day = 0; day < 30; day++) {
      for (int h = 0; h < 24; h++) {
        record(c, 99, 1);
        now += H;
        c.advance(now);
      }
    }
    // 30 days of 100 events an hour: the 28-day window holds 28 * 24 hours of them
    long[] w = c.window(28 * D, now);
    assertEquals(28 * 24 * 100, w[1]);
    assertEquals(28 * 24 * 99, w[0]);
    assertEquals(3 * 24 * 100, c.window(3 * D, now)[1]);
    assertEquals(24 * 100, c.window(1 * D, now)[1]);
  }

  @Test
  void aStalledTickerNeverInflatesAWindow() {
    SliCounter c = new SliCounter(28 * D, T0);
    record(c, 10, 0);
    c.advance(T0 + 10 * S);
    // no tick for 20 minutes, then 5 more events
    record(c, 5, 0);
    long[] w = c.window(5 * M, T0 + 20 * M);
    assertEquals(true, w[1] <= 15 && w[1] >= 0, "window " + w[1]);
  }

  @Test
  void budgetAndBurnRateMatchTheirDefinitions() {
    // 1000 events, 4 bad, target 99.9%: bad ratio 0.4%, budget 0.1% -> burn 4, remaining -3
    assertEquals(4.0, Evaluation.burnRate(996, 1000, 0.999), 1e-9);
    assertEquals(-3.0, Evaluation.budgetRemaining(996, 1000, 0.999), 1e-9);
    assertEquals(0.996, Evaluation.attainment(996, 1000), 1e-12);
    assertEquals(0.5, Evaluation.budgetRemaining(9995, 10000, 0.999), 1e-9);
    assertEquals(1.0, Evaluation.attainment(0, 0));
    assertEquals(1.0, Evaluation.budgetRemaining(0, 0, 0.99));
  }

  private static void record(SliCounter c, int good, int bad) {
    for (int i = 0; i < good; i++) {
      c.record(true);
    }
    for (int i = 0; i < bad; i++) {
      c.record(false);
    }
  }
}
