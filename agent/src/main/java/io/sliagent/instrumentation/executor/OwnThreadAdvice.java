package io.sliagent.instrumentation.executor;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code run()} of {@code ThreadPerTaskExecutor}'s {@code TaskRunner} and {@code
 * ThreadBoundFuture}, on the task's own thread: the task's run, for the executor that made it.
 */
public final class OwnThreadAdvice {

  private OwnThreadAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static long enter(@Call int call, @Advice.This Object task,
      @Advice.FieldValue("executor") Object executor) {
    return Bridge.begin(call, executor, task);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Call int call, @Advice.This Object task,
      @Advice.FieldValue("executor") Object executor, @Advice.Thrown Throwable thrown,
      @Advice.Enter long start) {
    Bridge.end(call, executor, task, thrown, start);
  }
}
