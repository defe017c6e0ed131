package io.sliagent.instrumentation.executor;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sliagent.instrumentation.SlotHolder;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How a pool tells tasks with a slot from tasks without one, and scheduled pools from others. */
class PoolSlotsTest {

  /** A task whose class has a slot, as the agent leaves {@code FutureTask}. */
  static final class SlotTask extends SlotHolder implements Runnable {
    @Override public void run() {}
  }

  @Test
  void theClassRememberedWithoutASlotNeverHidesOneWithIt() {
    ThreadPoolExecutor tpe = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>());
    try {
      Pools.Pool pool = new Pools(null).created(tpe, null);
      Runnable lambda = () -> { };
      Runnable other = () -> { };
      SlotTask withSlot = new SlotTask();
      // Interleaved, so that each kind follows the other's remembered class.
      for (int i = 0; i < 3; i++) {
        assertNull(pool.slotOf(lambda));
        assertSame(withSlot, pool.slotOf(withSlot));
        assertNull(pool.slotOf(other));
        assertNull(pool.slotOf(lambda));
        assertSame(withSlot, pool.slotOf(withSlot));
      }
    } finally {
      tpe.shutdown();
    }
  }

  @Test
  void onlyAScheduledPoolsTasksWaitFromWhenTheyWereDue() {
    ScheduledThreadPoolExecutor scheduled = new ScheduledThreadPoolExecutor(1);
    ThreadPoolExecutor plain = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>());
    try {
      Pools pools = new Pools(null);
      assertTrue(pools.created(scheduled, null).scheduled);
      assertFalse(pools.created(plain, null).scheduled);
    } finally {
      scheduled.shutdown();
      plain.shutdown();
    }
  }
}
