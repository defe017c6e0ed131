package io.sliagent.instrumentation.okhttp;

import io.sliagent.api.Call;
import io.sliagent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code RetryAndFollowUpInterceptor.recover(...)}: true means OkHttp sends the
 * request again after a connection failure.
 */
public final class RecoverAdvice {

  private RecoverAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Call int call, @Advice.Return boolean recovered) {
    if (recovered) {
      Bridge.event(call, null, null, null);
    }
  }
}
