package io.sliagent.instrumentation.failsafe;

import dev.failsafe.ExecutionContext;
import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code SyncExecutionImpl.preExecute()}: an attempt that is not the first starts. */
public final class PreExecuteAdvice {

  private PreExecuteAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Call int call, @Advice.This ExecutionContext<?> execution) {
    if (!execution.isFirstAttempt()) {
      Bridge.event(call, null, null, null);
    }
  }
}
