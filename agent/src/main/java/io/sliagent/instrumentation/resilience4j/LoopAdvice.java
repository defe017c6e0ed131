package io.sliagent.instrumentation.resilience4j;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/** Inlined into the lambdas of {@code Retry} that loop over the attempts. */
public final class LoopAdvice {

  private LoopAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Call int call) {
    Bridge.event(call, null, "starts", null); // at the end, no argument
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Call int call) {
    Bridge.event(call, null, null, null);
  }
}
