package io.sliagent.instrumentation.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ExecutorNamesTest {

  @Test
  void aNamedThreadGivesItsPrefix() {
    assertEquals("report", ExecutorNames.prefix("report-1"));
    assertEquals("report", ExecutorNames.prefix("report-12"));
    assertEquals("task", ExecutorNames.prefix("task-3")); // Spring Boot's executor
    assertEquals("http-nio-8080-exec", ExecutorNames.prefix("http-nio-8080-exec-10"));
    assertEquals("worker", ExecutorNames.prefix("worker #4"));
    assertEquals("etl_pool", ExecutorNames.prefix("etl_pool_7"));
    assertEquals("single", ExecutorNames.prefix("single"), "a name without a counter is whole");
  }

  @Test
  void theJdksDefaultNamesSayNothing() {
    assertNull(ExecutorNames.prefix("pool-3-thread-1"));
    assertNull(ExecutorNames.prefix("ForkJoinPool-2-worker-5"));
    assertNull(ExecutorNames.prefix("42"));
    assertNull(ExecutorNames.prefix(""), "a virtual thread has no name");
    assertEquals("pool-x-thread", ExecutorNames.prefix("pool-x-thread-1"), "only numbered");
    assertNull(ExecutorNames.prefix("Thread-7"), "a plain thread's default name");
  }

  @Test
  void aGroupInBracketsIsKeptAndTheCounterBeforeItDropped() {
    // Artemis's (and HornetQ's) thread factories: a counter, then the pool's group.
    assertEquals("Thread (activemq-netty-threads)",
        ExecutorNames.prefix("Thread-3 (activemq-netty-threads)"));
    assertEquals(ExecutorNames.prefix("Thread-0 (ActiveMQ-server)"),
        ExecutorNames.prefix("Thread-12 (ActiveMQ-server)"), "every thread of it, one name");
    assertEquals("worker (io)", ExecutorNames.prefix("worker-2 (io)"));
    assertEquals("(io)", ExecutorNames.prefix("pool-1-thread-2 (io)"));
  }

  @Test
  void theCommonPoolIsCalledSo() {
    assertEquals(ExecutorNames.COMMON_POOL,
        ExecutorNames.prefix("ForkJoinPool.commonPool-worker-3"));
  }
}
