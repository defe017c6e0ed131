package io.sliagent.instrumentation.executor;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code ThreadPoolExecutor.reject(Runnable)}, which hands every rejected task to the
 * pool's policy (abort, caller-runs, discard or the application's own).
 */
public final class RejectAdvice {

  private RejectAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Call int call, @Advice.This Object pool,
      @Advice.Argument(0) Runnable task) {
    Bridge.event(call, pool, task, null);
  }
}
