package io.sliagent.instrumentation.resilience4j;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into the retry context's {@code onError} and {@code onRuntimeError}: returning, rather
 * than throwing the error on, means the loop tries again.
 */
public final class ErrorAdvice {

  private ErrorAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Call int call, @Advice.Thrown Throwable thrown) {
    if (thrown == null) {
      Bridge.event(call, null, null, null);
    }
  }
}
