package io.sliagent.instrumentation.jobs;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into Quartz's {@code JobRunShell.notifyListenersBeginning}: the job's {@code execute}
 * comes next, on this thread (a vetoed run throws here and never starts).
 */
public final class QuartzBeginAdvice {

  private QuartzBeginAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Call int call, @Advice.This Object shell) {
    Bridge.event(call, shell, null, null);
  }
}
