package io.sliagent.instrumentation.executor;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code ThreadPoolExecutor.execute(Runnable)} (where {@code submit} and {@code
 * invokeAll} end too): the moment a task was handed to the pool, from which its queue wait counts.
 */
public final class SubmitAdvice {

  private SubmitAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Call int call, @Advice.This Object pool,
      @Advice.Argument(0) Runnable task) {
    Bridge.event(call, pool, task, null);
  }
}
