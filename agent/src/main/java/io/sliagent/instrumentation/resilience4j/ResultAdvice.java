package io.sliagent.instrumentation.resilience4j;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/** Inlined into the retry context's {@code onResult}: true means the loop tries again. */
public final class ResultAdvice {

  private ResultAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Call int call, @Advice.Return boolean retry) {
    if (retry) {
      Bridge.event(call, null, null, null);
    }
  }
}
