package io.sliagent.instrumentation.executor;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code ForkJoinPool.externalPush(task)} (Java 17): a task submitted from outside
 * the pool enters its submission queue.
 */
public final class ExternalPushAdvice {

  private ExternalPushAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Call int call, @Advice.This Object pool,
      @Advice.Argument(0) Object task) {
    Bridge.event(call, pool, task, null);
  }
}
