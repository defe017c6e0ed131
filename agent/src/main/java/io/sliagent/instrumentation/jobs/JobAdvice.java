package io.sliagent.instrumentation.jobs;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into a method the objectives file names as a job: one run, from entry to return or
 * throw. The method is handed over as {@code Class#method}, a constant of the code.
 */
public final class JobAdvice {

  private JobAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static long enter(@Call int call) {
    return Bridge.enter(call);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Call int call, @Advice.Origin("#t\\##m") String method,
      @Advice.Thrown Throwable thrown, @Advice.Enter long start) {
    Bridge.exit(call, null, method, null, thrown, start);
  }
}
