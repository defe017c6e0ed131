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
  }

  @Test
  void theCommonPoolIsCalledSo() {
    assertEquals(ExecutorNames.COMMON_POOL,
        ExecutorNames.prefix("ForkJoinPool.commonPool-worker-3"));
  }
}
