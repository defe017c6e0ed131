package io.sliagent.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The per-thread retry marks: first attempts are not retries, later ones are, loops nest. */
class RetriesTest {

  @Test
  void onlyAttemptsAfterTheFirstAreRetries() {
    assertFalse(Retries.inRetry());
    Retries.retrying(); // outside any loop: nothing
    assertFalse(Retries.inRetry());
    Retries.loopStarts();
    assertFalse(Retries.inRetry(), "the first attempt");
    Retries.retrying();
    assertTrue(Retries.inRetry());
    Retries.retrying();
    assertTrue(Retries.inRetry());
    Retries.loopEnds();
    assertFalse(Retries.inRetry(), "after the loop");
  }

  @Test
  void aLoopInsideARetriedAttemptIsRetryingToo() throws InterruptedException {
    Retries.loopStarts();
    Retries.retrying();
    Retries.loopStarts(); // an inner loop's first attempt, inside the outer loop's retry
    assertTrue(Retries.inRetry());
    Retries.loopEnds();
    assertTrue(Retries.inRetry(), "back in the outer loop's retry");
    Retries.loopEnds();
    assertFalse(Retries.inRetry());

    Retries.loopStarts();
    Retries.loopStarts();
    Retries.retrying(); // only the inner loop retries
    assertTrue(Retries.inRetry());
    Retries.loopEnds();
    assertFalse(Retries.inRetry(), "the outer loop is on its first attempt");
    AtomicBoolean other = new AtomicBoolean(true);
    Thread t = new Thread(() -> {
      Retries.retrying();
      other.set(Retries.inRetry());
    });
    t.start();
    t.join();
    assertFalse(other.get(), "another thread is in no loop");
    Retries.loopEnds();
    Retries.loopEnds(); // one too many: harmless
    assertFalse(Retries.inRetry());
  }

  @Test
  void loopsDeeperThanTheMarksStillUnwind() {
    for (int i = 0; i < 40; i++) {
      Retries.loopStarts();
    }
    Retries.retrying();
    assertTrue(Retries.inRetry());
    for (int i = 0; i < 40; i++) {
      Retries.loopEnds();
    }
    assertFalse(Retries.inRetry());
  }
}
