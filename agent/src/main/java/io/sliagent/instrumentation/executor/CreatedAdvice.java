package io.sliagent.instrumentation.executor;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into the constructors of {@code ThreadPoolExecutor} and {@code ForkJoinPool}: a pool was
 * made, on the thread of the code that made it (the name it gets when its threads' names say
 * nothing). Reports an event only, so it needs no {@code onThrowable}, which constructors forbid.
 */
public final class CreatedAdvice {

  private CreatedAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Call int call, @Advice.This Object pool) {
    Bridge.event(call, pool, null, null);
  }
}
