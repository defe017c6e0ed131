package io.sliagent.instrumentation.executor;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code ForkJoinPool.WorkQueue.push(task, pool, ...)}, where a task forked inside
 * the pool or (Java 19 and later) submitted from outside it enters a queue.
 */
public final class PushAdvice {

  private PushAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Call int call, @Advice.Argument(0) Object task,
      @Advice.Argument(1) Object pool) {
    Bridge.event(call, pool, task, null);
  }
}
